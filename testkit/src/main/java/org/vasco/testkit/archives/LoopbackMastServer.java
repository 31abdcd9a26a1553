package org.vasco.testkit.archives;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.sky.SkyGeometry;

/**
 * A loopback MAST Catalogs API for the PS1 DR2 mean-object cone search used by the bright-star cut
 * (SPEC §6.8): {@code GET /api/v0.1/panstarrs/dr2/mean.csv} with {@code ra}, {@code dec},
 * {@code radius} (deg), {@code nDetections.gte}, {@code columns=[a,b,…]}, {@code pagesize} and
 * {@code page} (1-based). The reply is CSV: one header line naming the requested columns, then the
 * rows of the requested page in a stable order; missing magnitudes are sent as {@code -999.0} as MAST
 * does. Rows come from a {@link ConeSource} asked for {@link Catalogue#PS1_BRIGHT} (ra, dec, rmag of all
 * stars, faint ones included: the service applies no magnitude cut). Every source is reported with
 * {@value #N_DETECTIONS} detections.
 *
 * <p>Start with {@link #start(ConeSource)}; close to stop. Thread-safe.
 */
public final class LoopbackMastServer extends LoopbackCatalogueServer {

    public static final String PATH = "/api/v0.1/panstarrs/dr2/mean.csv";
    /** MAST's default page size when none is asked for. */
    public static final int DEFAULT_PAGE_SIZE = 50_000;
    public static final int N_DETECTIONS = 5;

    private final ConeSource sky;

    private LoopbackMastServer(ConeSource sky) {
        super(PATH);
        this.sky = Objects.requireNonNull(sky, "sky");
    }

    /** A server on 127.0.0.1 and a free port, already listening. */
    public static LoopbackMastServer start(ConeSource sky) {
        LoopbackMastServer server = new LoopbackMastServer(sky);
        server.startListening();
        return server;
    }

    @Override
    protected String contentType() {
        return "text/csv; charset=utf-8";
    }

    @Override
    protected String render(Map<String, String> params, CatalogueMisbehaviour how) {
        if (how == CatalogueMisbehaviour.EMPTY) {
            return "";
        }
        double ra = CatalogueQueryString.number(params, "ra");
        double dec = CatalogueQueryString.number(params, "dec");
        double radius = CatalogueQueryString.number(params, "radius");
        int minDetections = params.containsKey("nDetections.gte") ? (int) CatalogueQueryString.number(params, "nDetections.gte") : 0;
        int pageSize = params.containsKey("pagesize") ? (int) CatalogueQueryString.number(params, "pagesize") : DEFAULT_PAGE_SIZE;
        int page = params.containsKey("page") ? (int) CatalogueQueryString.number(params, "page") : 1;
        if (pageSize < 1 || page < 1) {
            throw new IllegalArgumentException("pagesize and page must be positive");
        }
        List<String> columns = columns(params.get("columns"));

        List<String[]> rows = new ArrayList<>();
        if (N_DETECTIONS >= minDetections) {
            for (String[] v : sky.cone(Catalogue.PS1_BRIGHT, ra, dec, radius)) {
                if (SkyGeometry.separationDeg(ra, dec, Double.parseDouble(v[0]), Double.parseDouble(v[1])) <= radius) {
                    rows.add(v);
                }
            }
        }
        // A stable order, so that consecutive pages neither repeat nor skip rows.
        rows.sort(Comparator.<String[]>comparingDouble(v -> Double.parseDouble(v[1]))
                .thenComparingDouble(v -> Double.parseDouble(v[0])));

        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>(columns);
        if (how == CatalogueMisbehaviour.WRONG_COLUMNS) {
            names.replaceAll(n -> n.equals("raMean") ? "ra" : n.equals("decMean") ? "dec" : n);
        }
        out.append(String.join(",", names)).append('\n');
        int from = (int) Math.min(rows.size(), (long) (page - 1) * pageSize);
        int to = (int) Math.min(rows.size(), (long) page * pageSize);
        for (String[] v : rows.subList(from, to)) {
            List<String> cells = new ArrayList<>(columns.size());
            for (String c : columns) {
                cells.add(switch (c) {
                    case "objName" -> objName(v[0], v[1]);
                    case "raMean" -> v[0];
                    case "decMean" -> v[1];
                    case "rMeanPSFMag" -> v[2] == null || v[2].isBlank() ? "-999.0" : v[2];
                    case "nDetections" -> Integer.toString(N_DETECTIONS);
                    default -> "-999.0";
                });
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    @Override
    protected String badRequest(String problem) {
        return "{\"message\": \"" + problem.replace("\"", "'") + "\"}";
    }

    private static List<String> columns(String text) {
        if (text == null || text.isBlank()) {
            return List.of("objName", "raMean", "decMean", "rMeanPSFMag", "nDetections");
        }
        String inner = text.trim();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        List<String> columns = new ArrayList<>();
        for (String c : inner.split(",")) {
            String name = c.trim().replace("'", "").replace("\"", "");
            if (!name.isEmpty()) {
                columns.add(name);
            }
        }
        return columns;
    }

    private static String objName(String ra, String dec) {
        double d = Double.parseDouble(dec);
        return String.format(Locale.ROOT, "PSO J%08.4f%s%07.4f", Double.parseDouble(ra), d < 0 ? "-" : "+", Math.abs(d));
    }
}
