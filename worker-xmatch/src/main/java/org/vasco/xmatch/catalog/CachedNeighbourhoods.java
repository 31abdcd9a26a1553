package org.vasco.xmatch.catalog;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.db.Database;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;

/**
 * The production {@link NeighbourhoodSource}: the shared cache first, then the service of each
 * catalogue (VizieR for Gaia, PS1 and USNO-B; MAST for the bright-star list) with the radii of
 * {@link NeighbourhoodRadius}. PS1 does not reach south of Dec −30° (SPEC §6.1): there both PS1
 * neighbourhoods are legitimately empty, recorded as such in the cache, and nothing is asked.
 * Thread-safe.
 */
public final class CachedNeighbourhoods implements NeighbourhoodSource {


    private final NeighbourhoodCache cache;
    private final VizierConeClient vizier;
    private final MastBrightStarClient mast;
    private final NeighbourhoodRadius radius;

    public CachedNeighbourhoods(NeighbourhoodCache cache, VizierConeClient vizier, MastBrightStarClient mast,
                                NeighbourhoodRadius radius) {
        this.cache = cache;
        this.vizier = vizier;
        this.mast = mast;
        this.radius = radius;
    }

    /** Wires the clients and the cache from settings. */
    public static CachedNeighbourhoods create(CatalogueSettings settings, Database database, ArtefactStore store,
                                              MeterRegistry metrics, Clock clock, String workerId) {
        String agent = "vasco-xmatch (" + workerId + ")";
        VizierConeClient vizier = new VizierConeClient(new ArchiveClient(settings.vizier(), metrics, agent), settings);
        MastBrightStarClient mast = new MastBrightStarClient(new ArchiveClient(settings.mast(), metrics, agent), settings);
        NeighbourhoodCache cache = new NeighbourhoodCache(database, store, clock, workerId, settings.claimWait());
        return new CachedNeighbourhoods(cache, vizier, mast, settings.radius());
    }

    public NeighbourhoodCache cache() {
        return cache;
    }

    public NeighbourhoodRadius radius() {
        return radius;
    }

    @Override
    public CatalogueNeighbourhood neighbourhood(Catalogue catalogue, TileId tile, double raDeg, double decDeg)
            throws NeighbourhoodUnavailableException, InterruptedException {
        double arcmin = radius.arcmin(catalogue);
        return cache.getOrFetch(catalogue, tile, raDeg, decDeg, () -> {
            if (!catalogue.covers(decDeg)) {
                return FetchedNeighbourhood.outsideCoverage(catalogue, raDeg, decDeg, arcmin);
            }
            return catalogue == Catalogue.PS1_BRIGHT
                    ? mast.fetch(tile, raDeg, decDeg, radius.degrees(catalogue))
                    : vizier.fetch(catalogue, tile, raDeg, decDeg, arcmin);
        });
    }

}
