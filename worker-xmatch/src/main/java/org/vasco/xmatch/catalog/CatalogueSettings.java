package org.vasco.xmatch.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;
import org.vasco.common.http.ArchiveService;
import org.vasco.common.http.ArchiveSettings;
import org.vasco.xmatch.mirror.MirrorSettings;

/**
 * Configuration of the catalogue clients and the neighbourhood cache, read from {@code VASCO_…}
 * variables (defaults are the production services and the reference's limits).
 *
 * @param vizier         the VizieR asu-tsv endpoint and its politeness
 * @param mast           the MAST PS1 DR2 mean.csv endpoint and its politeness
 * @param rowCap         {@code -out.max} sent to VizieR; a reply that reaches it is incomplete
 * @param maxSplitDepth  how many times a capped cone may be split into quadrants before giving up
 * @param minRows        fewer rows than this in a finished neighbourhood means the service failed
 *                       (all catalogues cover their sky; an empty 45′ cone is not real, SPEC §12 #13)
 * @param mastPageSize   rows per MAST page
 * @param mastMaxPages   more pages than this is treated as a runaway reply
 * @param tileSizeArcmin side of the plan's square tiles, for the fetch radius
 * @param claimWait      how long a worker waits for another worker's fetch of the same neighbourhood
 * @param mirrors        which catalogues come from a mirror instead of the remote service ({@link MirrorSettings})
 */
public record CatalogueSettings(ArchiveService vizier, ArchiveService mast, int rowCap, int maxSplitDepth, int minRows,
                                int mastPageSize, int mastMaxPages, double tileSizeArcmin, Duration claimWait,
                                MirrorSettings mirrors) {

    /** VASCO_VIZIER_URL, _TIMEOUT, _ATTEMPTS, _BACKOFF and _RATE. */
    public static final ArchiveSettings<String> VIZIER = ArchiveSettings.of("vizier", "VASCO_VIZIER",
            "https://vizier.u-strasbg.fr/viz-bin/asu-tsv", "VizieR asu-tsv endpoint for Gaia DR3, PS1 DR2 and USNO-B1.0 cones",
            "300s", "Timeout of one VizieR request (a 45' Gaia cone can take minutes)",
            3, "Attempts per VizieR request, including the first, for errors, timeouts and garbled replies",
            "2s", "Wait before the first VizieR retry; doubles with each retry",
            2.0, "VizieR requests per second, shared by all threads of a process");
    /** VASCO_MAST_URL, _TIMEOUT, _ATTEMPTS, _BACKOFF and _RATE. */
    public static final ArchiveSettings<String> MAST = ArchiveSettings.of("mast", "VASCO_MAST",
            "https://catalogs.mast.stsci.edu/api/v0.1/panstarrs/dr2/mean.csv", "MAST PS1 DR2 mean-object CSV endpoint (bright-star list)",
            "120s", "Timeout of one MAST request",
            3, "Attempts per MAST request, including the first, for errors, timeouts and garbled replies",
            "2s", "Wait before the first MAST retry; doubles with each retry",
            1.0, "MAST requests per second, shared by all threads of a process");
    public static final Setting<Integer> MAST_PAGE_SIZE = Setting.integer("VASCO_MAST_PAGE_SIZE", 100_000,
            "Rows per MAST page; pages are read until a short one");
    public static final Setting<Integer> MAST_MAX_PAGES = Setting.integer("VASCO_MAST_MAX_PAGES", 100,
            "More MAST pages than this fail the fetch as a runaway reply");
    public static final Setting<Integer> ROW_CAP = Setting.integer("VASCO_CATALOG_ROW_CAP", 200_000,
            "VizieR -out.max; a reply with this many rows is incomplete and its cone is split");
    public static final Setting<Integer> MAX_SPLIT_DEPTH = Setting.integer("VASCO_CATALOG_MAX_SPLIT_DEPTH", 3,
            "Times a capped cone may be split into four quadrant cones before the fetch fails");
    public static final Setting<Integer> MIN_ROWS = Setting.integer("VASCO_CATALOG_MIN_ROWS", 1,
            "A finished neighbourhood with fewer rows is a failed reply (never cached)");
    public static final Setting<Double> TILE_SIZE = Setting.decimal("VASCO_CATALOG_TILE_SIZE_ARCMIN", 60.0,
            "Side of the plan's tiles, arcmin; sets the fetch radius size*sqrt(2)/2 + 3'");
    public static final Setting<Duration> CLAIM_WAIT = Setting.duration("VASCO_CATALOG_CLAIM_WAIT", "15m",
            "How long a worker waits while another fetches the same neighbourhood");

    public CatalogueSettings {
        if (rowCap < 2) {
            throw new IllegalArgumentException("row cap must be at least 2, found " + rowCap);
        }
        if (maxSplitDepth < 0 || maxSplitDepth > 8) {
            throw new IllegalArgumentException("split depth must be in [0, 8], found " + maxSplitDepth);
        }
        java.util.Objects.requireNonNull(mirrors, "mirrors");
        if (minRows < 0 || mastPageSize < 1 || mastMaxPages < 1) {
            throw new IllegalArgumentException("min rows must be >= 0 and MAST paging limits positive");
        }
    }

    public static CatalogueSettings from(Environment env) {
        return new CatalogueSettings(VIZIER.service(env), MAST.service(env), env.get(ROW_CAP), env.get(MAX_SPLIT_DEPTH),
                env.get(MIN_ROWS), env.get(MAST_PAGE_SIZE), env.get(MAST_MAX_PAGES), env.get(TILE_SIZE), env.get(CLAIM_WAIT),
                MirrorSettings.from(env));
    }

    public NeighbourhoodRadius radius() {
        return new NeighbourhoodRadius(tileSizeArcmin);
    }

    public static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(VIZIER.all());
        all.addAll(MAST.all());
        all.addAll(List.of(MAST_PAGE_SIZE, MAST_MAX_PAGES, ROW_CAP, MAX_SPLIT_DEPTH, MIN_ROWS, TILE_SIZE, CLAIM_WAIT));
        return List.copyOf(all);
    }
}
