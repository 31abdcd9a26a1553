package org.vasco.xmatch.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveException;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.TanProjection;
import org.vasco.common.tile.TileId;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException.Reason;

/**
 * Cone searches of Gaia DR3, PS1 DR2 and USNO-B1.0 through VizieR asu-tsv with the SPEC §6.3 query
 * ({@code -source}, {@code -c="ra dec"}, {@code -c.r} arcmin or {@code -c.rd} deg for PS1, {@code -out},
 * {@code -out.add=_r}, {@code -out.form=dec}, {@code -sort=_r}, {@code -out.max=<cap>}). This is the one
 * USNO-B fetcher (SPEC §6.3 had two).
 *
 * <p>A reply with as many rows as the cap is incomplete (SPEC §12 #2, #3, #13): the cone is split into
 * four quadrant cones, each centred half a radius east/west and north/south of the centre with radius
 * r/√2 (plus 1 % for the sphere), which together cover the whole cone; pieces that hit the cap again are
 * split again, up to the maximum depth, after which the fetch fails. Pieces are merged, cut back to the
 * original cone, de-duplicated (PS1 by objID, the others by their position text) and {@code _r} is
 * recomputed from the original centre, so the result reads as one complete reply sorted by {@code _r}.
 *
 * <p>Garbled replies are retried with the service's attempts; errors, timeouts and 5xx are retried by
 * the {@link ArchiveClient}. What still fails becomes a {@link NeighbourhoodUnavailableException}.
 * Thread-safe.
 */
public final class VizierConeClient {

    private static final Logger LOG = LoggerFactory.getLogger(VizierConeClient.class);
    /** Covers a quadrant of a disc of radius r from its centre offset (r/2, r/2): r/√2, with slack for curvature. */
    private static final double QUADRANT_RADIUS_FACTOR = Math.sqrt(0.5) * 1.01;
    private static final double[][] QUADRANTS = {{1, 1}, {-1, 1}, {-1, -1}, {1, -1}};

    private final ArchiveClient http;
    private final int rowCap;
    private final int maxSplitDepth;
    private final int minRows;

    public VizierConeClient(ArchiveClient http, int rowCap, int maxSplitDepth, int minRows) {
        this.http = http;
        this.rowCap = rowCap;
        this.maxSplitDepth = maxSplitDepth;
        this.minRows = minRows;
    }

    public VizierConeClient(ArchiveClient http, CatalogueSettings settings) {
        this(http, settings.rowCap(), settings.maxSplitDepth(), settings.minRows());
    }

    /**
     * A cone as VizieR is asked for it: the centre to 1e-6° with RA in [0, 360), the radius to 1e-4′ ({@code -c.r}) or,
     * for PS1, to 1e-6° ({@code -c.rd}). VizieR answers this cone, not the exact one, so a mirror answers it too: a star
     * within a rounding of the edge is then in both neighbourhoods or in neither, and {@code _r} is the same.
     */
    public record AskedCone(double raDeg, double decDeg, double radiusArcmin) {

        /** The cone VizieR is asked for when {@code catalogue}'s neighbourhood of this cone is wanted. */
        public static AskedCone of(Catalogue catalogue, double raDeg, double decDeg, double radiusArcmin) {
            double radius = catalogue == Catalogue.PS1 ? round(radiusArcmin / 60.0, 6) * 60.0 : round(radiusArcmin, 4);
            return new AskedCone(round(SkyGeometry.normaliseRa(raDeg), 6), round(decDeg, 6), radius);
        }

        private static double round(double value, int decimals) {
            return Double.parseDouble(String.format(Locale.ROOT, "%." + decimals + "f", value));
        }
    }

    /**
     * The complete neighbourhood of a catalogue around a position.
     *
     * @throws NeighbourhoodUnavailableException when no complete, well-formed, non-empty table could be had
     * @throws IllegalArgumentException          for {@link Catalogue#PS1_BRIGHT}, which MAST serves
     */
    public FetchedNeighbourhood fetch(Catalogue catalogue, TileId tile, double raDeg, double decDeg, double radiusArcmin)
            throws NeighbourhoodUnavailableException, InterruptedException {
        if (catalogue == Catalogue.PS1_BRIGHT) {
            throw new IllegalArgumentException("The bright-star list comes from MAST, not VizieR");
        }
        Tally tally = new Tally();
        List<String[]> pieces = cone(catalogue, tile, raDeg, decDeg, radiusArcmin, 0, tally);
        List<String[]> rows = tally.maxDepth > 0 ? merge(catalogue, pieces, raDeg, decDeg, radiusArcmin)
                : withoutDuplicates(catalogue, pieces);
        if (rows.size() < minRows) {
            throw new NeighbourhoodUnavailableException(catalogue, tile, Reason.CATALOG_EMPTY, "VizieR returned " + rows.size()
                    + " rows for a " + fmt(radiusArcmin) + "' cone at (" + fmt(raDeg) + ", " + fmt(decDeg) + "); at least "
                    + minRows + " expected from an all-sky catalogue", null);
        }
        if (tally.maxDepth > 0) {
            LOG.info("{} {}: cone split {} level(s), {} requests, {} rows received, {} kept", catalogue.label(), tile,
                    tally.maxDepth, tally.requests, tally.received, rows.size());
        }
        FetchReport report = new FetchReport(tally.requests, tally.received, tally.skipped, rows.size(), tally.maxDepth > 0,
                tally.maxDepth, 0, false);
        return new FetchedNeighbourhood(new CatalogueNeighbourhood(catalogue, raDeg, decDeg, radiusArcmin, rows), report);
    }

    private List<String[]> cone(Catalogue catalogue, TileId tile, double ra, double dec, double radiusArcmin, int depth, Tally tally)
            throws NeighbourhoodUnavailableException, InterruptedException {
        VizierTsvReply reply = request(catalogue, tile, ra, dec, radiusArcmin);
        tally.requests++;
        tally.received += reply.rowsSeen();
        tally.skipped += reply.rowsSkipped();
        if (reply.rowsSeen() < rowCap && !reply.overflow()) {
            return reply.rows();
        }
        if (depth >= maxSplitDepth) {
            throw new NeighbourhoodUnavailableException(catalogue, tile, Reason.CATALOG_TRUNCATED, "a " + fmt(radiusArcmin)
                    + "' cone at (" + fmt(ra) + ", " + fmt(dec) + ") still reached the row cap " + rowCap + " after "
                    + depth + " split level(s); raise VASCO_CATALOG_ROW_CAP or VASCO_CATALOG_MAX_SPLIT_DEPTH", null);
        }
        tally.maxDepth = Math.max(tally.maxDepth, depth + 1);
        TanProjection plane = new TanProjection(ra, dec);
        double half = radiusArcmin / 60.0 / 2.0;
        List<String[]> rows = new ArrayList<>();
        for (double[] q : QUADRANTS) {
            double[] centre = plane.deproject(q[0] * half, q[1] * half);
            rows.addAll(cone(catalogue, tile, centre[0], centre[1], radiusArcmin * QUADRANT_RADIUS_FACTOR, depth + 1, tally));
        }
        return rows;
    }

    private VizierTsvReply request(Catalogue catalogue, TileId tile, double ra, double dec, double radiusArcmin)
            throws NeighbourhoodUnavailableException, InterruptedException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("-source", catalogue.source());
        AskedCone asked = AskedCone.of(catalogue, ra, dec, radiusArcmin);
        query.put("-c", String.format(Locale.ROOT, "%.6f %+.6f", asked.raDeg(), asked.decDeg()));
        if (catalogue == Catalogue.PS1) {
            query.put("-c.rd", String.format(Locale.ROOT, "%.6f", asked.radiusArcmin() / 60.0));
        } else {
            query.put("-c.r", String.format(Locale.ROOT, "%.4f", asked.radiusArcmin()));
        }
        query.put("-out", String.join(",", catalogue.serviceColumns().stream().filter(c -> !c.equals("_r")).toList()));
        query.put("-out.add", "_r");
        query.put("-out.form", "dec");
        query.put("-sort", "_r");
        query.put("-out.max", Integer.toString(rowCap));
        try {
            return ReplyAttempts.run(http.service(), () -> VizierTsvReply.parse(catalogue, http.get(query).bodyText()));
        } catch (MalformedReplyException e) {
            throw new NeighbourhoodUnavailableException(catalogue, tile, Reason.CATALOG_GARBLED, "VizieR reply to "
                    + http.uri(query) + " after " + http.service().maxAttempts() + " attempt(s): " + e.getMessage(), e);
        } catch (ArchiveException e) {
            throw new NeighbourhoodUnavailableException(catalogue, tile,
                    e.isRetriable() ? Reason.CATALOG_UNREACHABLE : Reason.CATALOG_REJECTED, e.getMessage(), e);
        }
    }

    /**
     * Drops repeated rows of a single reply (same {@code objID}, else same position text), keeping the first:
     * a reply that lists a source twice must not put it twice into the neighbourhood, whatever the service did.
     */
    private static List<String[]> withoutDuplicates(Catalogue catalogue, List<String[]> rows) {
        Map<String, String[]> unique = new LinkedHashMap<>();
        for (String[] row : rows) {
            unique.putIfAbsent(rowKey(catalogue, row), row);
        }
        return unique.size() == rows.size() ? rows : new ArrayList<>(unique.values());
    }

    private static String rowKey(Catalogue catalogue, String[] row) {
        int idCol = catalogue.columns().indexOf("objID");
        return idCol >= 0 && !row[idCol].isEmpty() ? row[idCol]
                : row[catalogue.columns().indexOf("ra")] + " " + row[catalogue.columns().indexOf("dec")];
    }

    /** Cuts merged pieces back to the original cone, drops duplicates, recomputes {@code _r} and sorts by it. */
    private static List<String[]> merge(Catalogue catalogue, List<String[]> pieces, double ra, double dec, double radiusArcmin) {
        int raCol = catalogue.columns().indexOf("ra");
        int decCol = catalogue.columns().indexOf("dec");
        int rCol = catalogue.columns().indexOf("_r");
        int idCol = catalogue.columns().indexOf("objID");
        Map<String, String[]> unique = new LinkedHashMap<>();
        Map<String[], Double> distance = new IdentityHashMap<>();
        for (String[] row : pieces) {
            double r = SkyGeometry.separationDeg(ra, dec, Double.parseDouble(row[raCol]), Double.parseDouble(row[decCol])) * 60.0;
            if (r > radiusArcmin) {
                continue;
            }
            String key = idCol >= 0 && !row[idCol].isEmpty() ? row[idCol] : row[raCol] + " " + row[decCol];
            if (unique.putIfAbsent(key, row) == null) {
                String[] copy = row.clone();
                if (rCol >= 0) {
                    copy[rCol] = String.format(Locale.ROOT, "%.4f", r);
                }
                unique.put(key, copy);
                distance.put(copy, r);
            }
        }
        List<String[]> rows = new ArrayList<>(unique.values());
        rows.sort(Comparator.comparingDouble(distance::get));
        return rows;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Counts over all requests of one fetch. */
    private static final class Tally {
        int requests;
        long received;
        int skipped;
        int maxDepth;
    }
}
