package org.vasco.testkit.archives;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.sky.SkyGeometry;

/**
 * A loopback VizieR answering {@code GET /viz-bin/asu-tsv} cone searches the way the real service does
 * (SPEC §6.3): the ASU parameters {@code -source}, {@code -c} (decimal "ra dec"), {@code -c.r}/{@code -c.rm}
 * (arcmin), {@code -c.rd} (deg) or {@code -c.rs} (arcsec), {@code -out}, {@code -out.add=_r},
 * {@code -out.form}, {@code -sort=_r} and {@code -out.max} (default 50, as at CDS) are honoured; the reply
 * is the tab-separated ASU format: a {@code #} comment block describing the server, resource, table and
 * columns, then the column-name line, the unit line, the dash separator line and one line per row.
 * A reply that reaches {@code -out.max} is cut there, nearest rows first, with nothing saying so beyond
 * the row count, like the real one. Rows come from a {@link ConeSource}.
 *
 * <p>Start with {@link #start(ConeSource)}; close to stop. Thread-safe.
 */
public final class LoopbackVizierServer extends LoopbackCatalogueServer {

    public static final String PATH = "/viz-bin/asu-tsv";
    /** VizieR's own default for {@code -out.max}. */
    public static final int DEFAULT_OUT_MAX = 50;

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("_r", "arcmin"), Map.entry("RA_ICRS", "deg"), Map.entry("DE_ICRS", "deg"),
            Map.entry("RAJ2000", "deg"), Map.entry("DEJ2000", "deg"), Map.entry("pmRA", "mas/yr"),
            Map.entry("pmDE", "mas/yr"), Map.entry("Plx", "mas"), Map.entry("objID", ""), Map.entry("Nd", ""));

    private final ConeSource sky;

    private LoopbackVizierServer(ConeSource sky) {
        super(PATH);
        this.sky = Objects.requireNonNull(sky, "sky");
    }

    /** A server on 127.0.0.1 and a free port, already listening. */
    public static LoopbackVizierServer start(ConeSource sky) {
        LoopbackVizierServer server = new LoopbackVizierServer(sky);
        server.startListening();
        return server;
    }

    @Override
    protected String contentType() {
        return "text/tab-separated-values; charset=UTF-8";
    }

    @Override
    protected String render(Map<String, String> params, CatalogueMisbehaviour how) {
        Catalogue catalogue = catalogueOf(params.get("-source"));
        double[] centre = centre(params.get("-c"));
        double radiusDeg = radiusDeg(params);
        int outMax = params.containsKey("-out.max") ? Integer.parseInt(params.get("-out.max").trim()) : DEFAULT_OUT_MAX;
        List<String> columns = outputColumns(catalogue, params);

        StringBuilder out = new StringBuilder();
        header(out, catalogue, outMax);
        if (how == CatalogueMisbehaviour.EMPTY) {
            // What CDS sends when the query finds nothing: the preamble and no table at all.
            out.append("#INFO\tQUERY_STATUS=ERROR\tNo table found\n");
            return out.toString();
        }
        List<Row> rows = new ArrayList<>();
        for (String[] values : sky.cone(catalogue, centre[0], centre[1], radiusDeg)) {
            double ra = Double.parseDouble(values[catalogue.columns().indexOf("ra")]);
            double dec = Double.parseDouble(values[catalogue.columns().indexOf("dec")]);
            double distanceDeg = SkyGeometry.separationDeg(centre[0], centre[1], ra, dec);
            if (distanceDeg <= radiusDeg) {
                rows.add(new Row(values, distanceDeg * 60.0));
            }
        }
        if ("_r".equals(params.get("-sort"))) {
            rows.sort(Comparator.comparingDouble(Row::rArcmin));
        }
        if (rows.size() > outMax) {
            rows = rows.subList(0, outMax);
        }
        List<String> names = new ArrayList<>(columns);
        if (how == CatalogueMisbehaviour.WRONG_COLUMNS) {
            names.replaceAll(n -> n.startsWith("RA") ? "RAdeg" : n.startsWith("DE") ? "DEdeg" : n);
        }
        for (String c : names) {
            out.append("#Column\t").append(c).append("\t(").append(c.equals("_r") ? "F8.4" : "F15.11").append(")\t")
                    .append(c.equals("_r") ? "Distance from center" : catalogue.source() + " " + c).append('\n');
        }
        out.append(String.join("\t", names)).append('\n');
        out.append(String.join("\t", columns.stream().map(c -> UNITS.getOrDefault(c, c.endsWith("mag") ? "mag" : "")).toList()))
                .append('\n');
        out.append(String.join("\t", columns.stream().map(c -> "-".repeat(Math.max(3, c.length()))).toList())).append('\n');
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(columns.size());
            for (String c : columns) {
                if (c.equals("_r")) {
                    cells.add(String.format(Locale.ROOT, "%.4f", row.rArcmin()));
                } else {
                    String v = row.values()[catalogue.serviceColumns().indexOf(c)];
                    cells.add(v == null ? "" : v);
                }
            }
            out.append(String.join("\t", cells)).append('\n');
        }
        return out.toString();
    }

    private static void header(StringBuilder out, Catalogue catalogue, int outMax) {
        String table = catalogue.source().replace('/', '_');
        String catalogueId = catalogue.source().substring(0, catalogue.source().lastIndexOf('/'));
        out.append("#\n")
                .append("#   VizieR Astronomical Server vizier.cds.unistra.fr\n")
                .append("#    Date: 2026-01-01T00:00:00 [V7.4.6]\n")
                .append("#   In case of problem, please report to:\tcds-question@unistra.fr\n")
                .append("#\n#\n")
                .append("#Coosys\tJ2000:\teq_FK5 J2000\n")
                .append("#INFO\tvotable-version=1.99+ (14-Oct-2013)\t\n")
                .append("#INFO\t-ref=VIZloopback\t\n")
                .append("#INFO\t-out.max=").append(outMax).append('\n')
                .append('\n')
                .append("#RESOURCE=yCat_").append(catalogueId.replace("/", "")).append('\n')
                .append("#Name: ").append(catalogueId).append('\n')
                .append("#Title: loopback copy of ").append(catalogue.name()).append('\n')
                .append("#Table\t").append(table).append(":\n")
                .append("#Name: ").append(catalogue.source()).append('\n')
                .append("#Title: ").append(catalogue.name()).append(" (synthetic rows)\n");
    }

    private static List<String> outputColumns(Catalogue catalogue, Map<String, String> params) {
        List<String> columns = new ArrayList<>();
        String out = params.get("-out");
        if (out == null || out.isBlank()) {
            catalogue.serviceColumns().stream().filter(c -> !c.equals("_r")).forEach(columns::add);
        } else {
            for (String c : out.split("[,\\s]+")) {
                if (c.isEmpty()) {
                    continue;
                }
                if (!catalogue.serviceColumns().contains(c)) {
                    throw new IllegalArgumentException("column " + c + " is not in " + catalogue.source());
                }
                columns.add(c);
            }
        }
        // VizieR lists computed columns such as _r first.
        if ("_r".equals(params.get("-out.add")) || columns.contains("_r")) {
            columns.remove("_r");
            columns.add(0, "_r");
        }
        return columns;
    }

    private static Catalogue catalogueOf(String source) {
        for (Catalogue c : Catalogue.values()) {
            if (c != Catalogue.PS1_BRIGHT && c.source().equals(source)) {
                return c;
            }
        }
        throw new IllegalArgumentException("-source=" + source + " is not a catalogue this server holds "
                + Arrays.toString(new String[] {Catalogue.GAIA.source(), Catalogue.PS1.source(), Catalogue.USNOB.source()}));
    }

    private static double[] centre(String c) {
        if (c == null) {
            throw new IllegalArgumentException("missing -c");
        }
        String[] parts = c.replace("\"", "").trim().split("[\\s,]+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("-c=" + c + " is not 'ra dec' in decimal degrees");
        }
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1].replace("+", ""))};
    }

    private static double radiusDeg(Map<String, String> params) {
        if (params.containsKey("-c.rd")) {
            return CatalogueQueryString.number(params, "-c.rd");
        }
        if (params.containsKey("-c.r")) {
            return CatalogueQueryString.number(params, "-c.r") / 60.0;
        }
        if (params.containsKey("-c.rm")) {
            return CatalogueQueryString.number(params, "-c.rm") / 60.0;
        }
        if (params.containsKey("-c.rs")) {
            return CatalogueQueryString.number(params, "-c.rs") / 3600.0;
        }
        throw new IllegalArgumentException("missing cone radius (-c.r, -c.rd or -c.rs)");
    }

    private record Row(String[] values, double rArcmin) {
    }
}
