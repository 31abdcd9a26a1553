package org.vasco.xmatch.catalog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.db.Database;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;

/**
 * The production {@link NeighbourhoodSource}: the shared cache first, then the source of each catalogue
 * ({@link CatalogueSources}: the remote service — VizieR for Gaia, PS1 and USNO-B, MAST for the bright-star list —
 * or a mirror) with the radii of {@link NeighbourhoodRadius}. PS1 does not reach south of Dec −30° (SPEC §6.1): there
 * both PS1 neighbourhoods are legitimately empty, recorded as such in the cache, and nothing is asked.
 * Thread-safe.
 */
public final class CachedNeighbourhoods implements NeighbourhoodSource {


    private final NeighbourhoodCache cache;
    private final CatalogueSources sources;
    private final NeighbourhoodRadius radius;
    private final MeterRegistry metrics;

    public CachedNeighbourhoods(NeighbourhoodCache cache, VizierConeClient vizier, MastBrightStarClient mast,
                                NeighbourhoodRadius radius) {
        this(cache, CatalogueSources.remote(vizier, mast), radius, new SimpleMeterRegistry());
    }

    /** As above, counting look-ups in {@link MetricNames#CATALOG_CACHE} (registered at zero for every catalogue). */
    public CachedNeighbourhoods(NeighbourhoodCache cache, VizierConeClient vizier, MastBrightStarClient mast,
                                NeighbourhoodRadius radius, MeterRegistry metrics) {
        this(cache, CatalogueSources.remote(vizier, mast), radius, metrics);
    }

    /** The cache in front of the given sources. */
    public CachedNeighbourhoods(NeighbourhoodCache cache, CatalogueSources sources, NeighbourhoodRadius radius, MeterRegistry metrics) {
        this.metrics = metrics;
        for (Catalogue c : Catalogue.values()) {
            lookups(c, true);
            lookups(c, false);
        }
        this.cache = cache;
        this.sources = sources;
        this.radius = radius;
    }

    /** Wires the clients and the cache from settings. */
    public static CachedNeighbourhoods create(CatalogueSettings settings, Database database, ArtefactStore store,
                                              MeterRegistry metrics, Clock clock, String workerId) {
        String agent = "vasco-xmatch (" + workerId + ")";
        VizierConeClient vizier = new VizierConeClient(new ArchiveClient(settings.vizier(), metrics, agent), settings);
        MastBrightStarClient mast = new MastBrightStarClient(new ArchiveClient(settings.mast(), metrics, agent), settings);
        NeighbourhoodCache cache = new NeighbourhoodCache(database, store, clock, workerId, settings.claimWait());
        return new CachedNeighbourhoods(cache, CatalogueSources.of(settings.mirrors(), settings.minRows(), vizier, mast),
                settings.radius(), metrics);
    }

    public NeighbourhoodCache cache() {
        return cache;
    }

    public NeighbourhoodRadius radius() {
        return radius;
    }

    public CatalogueSources sources() {
        return sources;
    }

    @Override
    public CatalogueNeighbourhood neighbourhood(Catalogue catalogue, TileId tile, double raDeg, double decDeg)
            throws NeighbourhoodUnavailableException, InterruptedException {
        double arcmin = radius.arcmin(catalogue);
        AtomicBoolean fetched = new AtomicBoolean();
        CatalogueNeighbourhood found = cache.getOrFetch(catalogue, tile, raDeg, decDeg, () -> {
            fetched.set(true);
            if (!catalogue.covers(decDeg)) {
                return FetchedNeighbourhood.outsideCoverage(catalogue, raDeg, decDeg, arcmin);
            }
            return sources.fetch(catalogue, tile, raDeg, decDeg, arcmin);
        });
        lookups(catalogue, !fetched.get()).increment();
        return found;
    }

    private Counter lookups(Catalogue catalogue, boolean hit) {
        return Counter.builder(MetricNames.CATALOG_CACHE).tag("catalog", catalogue.name().toLowerCase(Locale.ROOT))
                .tag("result", hit ? "hit" : "miss").description("Catalogue neighbourhood look-ups: from the cache or fetched")
                .register(metrics);
    }

}
