package org.vasco.xmatch.catalog;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.tile.TileId;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException.Reason;
import org.vasco.xmatch.mirror.MirrorCone;
import org.vasco.xmatch.mirror.MirrorConeSearch;
import org.vasco.xmatch.mirror.MirrorException;
import org.vasco.xmatch.mirror.MirrorFiles;
import org.vasco.xmatch.mirror.HealpixFiveLayout;
import org.vasco.xmatch.mirror.MirrorLocation;
import org.vasco.xmatch.mirror.MirrorManifest;
import org.vasco.xmatch.mirror.MirrorSchema;
import org.vasco.xmatch.mirror.MirrorSettings;
import org.vasco.xmatch.mirror.ParquetEngine;

/**
 * Where each catalogue's neighbourhood is fetched from when the cache does not have it: the remote service
 * (VizieR for Gaia, PS1 and USNO-B, MAST for the bright-star list), or a mirror ({@code VASCO_<CAT>_SOURCE}).
 * The cache, the prefetcher and {@code vasco catalog cone} all fetch through this. A mirror is opened on first use
 * (so a worker starts even while a mirror's volume is still being mounted). A mirror cone that is empty where the
 * catalogue covers the sky fails like an empty VizieR reply. Thread-safe; close to release the Parquet engine.
 */
public final class CatalogueSources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueSources.class);

    /** Fetches one complete neighbourhood. */
    @FunctionalInterface
    interface ConeFetch {
        FetchedNeighbourhood fetch(TileId tile, double raDeg, double decDeg, double radiusArcmin)
                throws NeighbourhoodUnavailableException, InterruptedException;
    }

    private final Map<Catalogue, ConeFetch> fetches = new EnumMap<>(Catalogue.class);
    private final Map<Catalogue, String> descriptions = new EnumMap<>(Catalogue.class);
    private final Map<Catalogue, MirrorConeSearch> opened = new EnumMap<>(Catalogue.class);
    private final MirrorSettings mirrors;
    private final int minRows;
    private ParquetEngine engine;

    private CatalogueSources(MirrorSettings mirrors, int minRows) {
        this.mirrors = mirrors;
        this.minRows = minRows;
    }

    /** The remote services for every catalogue (VizieR; MAST for the bright-star list). */
    public static CatalogueSources remote(VizierConeClient vizier, MastBrightStarClient mast) {
        return of(MirrorSettings.remoteOnly(), 1, vizier, mast);
    }

    /**
     * The configured source of each catalogue: the mirror when {@code mirrors} names one, else the remote service.
     *
     * @param minRows fewer rows than this in a mirror cone of an all-sky catalogue is a failure
     */
    public static CatalogueSources of(MirrorSettings mirrors, int minRows, VizierConeClient vizier, MastBrightStarClient mast) {
        CatalogueSources sources = new CatalogueSources(mirrors, minRows);
        for (Catalogue c : Catalogue.values()) {
            var location = mirrors.mirror(c);
            if (location.isPresent()) {
                sources.fetches.put(c, (tile, ra, dec, radius) -> sources.fromMirror(c, location.get(), tile, ra, dec, radius));
                sources.descriptions.put(c, "mirror " + location.get());
            } else if (c == Catalogue.PS1_BRIGHT) {
                sources.fetches.put(c, (tile, ra, dec, radius) -> mast.fetch(tile, ra, dec, radius / 60.0));
                sources.descriptions.put(c, "MAST");
            } else {
                sources.fetches.put(c, (tile, ra, dec, radius) -> vizier.fetch(c, tile, ra, dec, radius));
                sources.descriptions.put(c, "VizieR");
            }
        }
        return sources;
    }

    /**
     * The complete neighbourhood of {@code catalogue} in the cone, from its source (no cache).
     *
     * @throws NeighbourhoodUnavailableException naming what failed: the service, or the mirror's pixel, file or column
     */
    public FetchedNeighbourhood fetch(Catalogue catalogue, TileId tile, double raDeg, double decDeg, double radiusArcmin)
            throws NeighbourhoodUnavailableException, InterruptedException {
        FetchedNeighbourhood fetched = fetches.get(catalogue).fetch(tile, raDeg, decDeg, radiusArcmin);
        return fetched.report().source() != null ? fetched
                : new FetchedNeighbourhood(fetched.neighbourhood(), fetched.report().from(descriptions.get(catalogue)));
    }

    /** "VizieR", "MAST" or "mirror &lt;location&gt;". */
    public String describe(Catalogue catalogue) {
        return descriptions.get(catalogue);
    }

    /** Whether any catalogue is read from a mirror. */
    public boolean anyMirror() {
        return mirrors.anyMirror();
    }

    private FetchedNeighbourhood fromMirror(Catalogue catalogue, MirrorLocation location, TileId tile, double raDeg, double decDeg,
                                            double radiusArcmin) throws NeighbourhoodUnavailableException {
        try {
            // the cone VizieR would be asked for (MAST's bright-star query has no such rounding)
            VizierConeClient.AskedCone asked = catalogue == Catalogue.PS1_BRIGHT ? new VizierConeClient.AskedCone(raDeg, decDeg, radiusArcmin)
                    : VizierConeClient.AskedCone.of(catalogue, raDeg, decDeg, radiusArcmin);
            MirrorConeSearch search = search(catalogue, location);
            MirrorCone cone = search.cone(catalogue, asked.raDeg(), asked.decDeg(), asked.radiusArcmin());
            if (catalogue != Catalogue.PS1_BRIGHT && cone.rows().size() < minRows) {
                throw new NeighbourhoodUnavailableException(catalogue, tile, Reason.CATALOG_EMPTY, String.format(Locale.ROOT,
                        "the mirror %s has %d rows within %.4f' of (%.6f, %.6f) in %d file(s); at least %d expected from an"
                                + " all-sky catalogue (an empty or truncated pixel file?)", location, cone.rows().size(), radiusArcmin,
                        raDeg, decDeg, cone.files(), minRows), null);
            }
            FetchReport report = new FetchReport(cone.files(), cone.rowsScanned(), 0, cone.rows().size(), false, 0, 0, false,
                    mirrorSource(search));
            return new FetchedNeighbourhood(new CatalogueNeighbourhood(catalogue, raDeg, decDeg, radiusArcmin, cone.rows()), report);
        } catch (MirrorException e) {
            Reason reason = e.problem().retriable() ? Reason.CATALOG_UNREACHABLE : Reason.CATALOG_MIRROR_INCOMPLETE;
            throw new NeighbourhoodUnavailableException(catalogue, tile, reason, e.getMessage(), e);
        }
    }

    /** The mirror's layout and place, and what its manifest (when it has one) says it was built from and when. */
    private static String mirrorSource(MirrorConeSearch search) {
        String layout = search.layout().describe();
        if (search.layout() instanceof HealpixFiveLayout l5 && l5.manifest().isPresent() && l5.manifest().get().provenance() != null) {
            MirrorManifest m = l5.manifest().get();
            return layout + ": " + m.rows() + " rows from " + m.provenance().sourceKind() + " " + m.provenance().source()
                    + ", built " + m.provenance().finished();
        }
        return layout;
    }

    private synchronized MirrorConeSearch search(Catalogue catalogue, MirrorLocation location) throws MirrorException {
        MirrorConeSearch search = opened.get(catalogue);
        if (search == null) {
            if (engine == null) {
                engine = ParquetEngine.open(mirrors.engineMemory());
            }
            search = MirrorConeSearch.open(MirrorSchema.serving(catalogue), MirrorFiles.open(location, mirrors), engine);
            LOG.info("{} neighbourhoods come from the {}", catalogue.label(), search.layout().describe());
            opened.put(catalogue, search);
        }
        return search;
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
        opened.clear();
    }
}
