package org.vasco.xmatch.mirror;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vasco.common.catalog.BrightStarList;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.sky.SkyGeometry;

/**
 * A catalogue cone from a mirror: the files of every pixel the cone touches, the stored columns the catalogue's
 * neighbourhood needs, the catalogue's filters, an exact angular cut and the rows sorted by distance with
 * {@code _r} in arcmin, written in the columns and number formats of the VizieR path ({@link MirrorSchema}). This is
 * the code behind the cross-match step, {@code vasco catalog cone} and {@code vasco bench catalog}. Thread-safe.
 * Pixels are chosen with {@link MirrorLayout#PIXEL_MARGIN_ARCMIN} to spare.
 */
public final class MirrorConeSearch {

    /** DuckDB's own types that hold numbers. */
    private static final Set<String> NUMERIC = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
            "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "REAL");

    private final MirrorSchema schema;
    private final MirrorLayout layout;
    private final ParquetEngine engine;

    public MirrorConeSearch(MirrorSchema schema, MirrorLayout layout, ParquetEngine engine) {
        this.schema = schema;
        this.layout = layout;
        this.engine = engine;
    }

    /** Opens the mirror at {@code files} as a mirror of {@code schema}'s catalogue. */
    public static MirrorConeSearch open(MirrorSchema schema, MirrorFiles files, ParquetEngine engine) throws MirrorException {
        return new MirrorConeSearch(schema, MirrorLayout.open(files, schema), engine);
    }

    public MirrorLayout layout() {
        return layout;
    }

    /**
     * The rows of {@code served} within {@code radiusArcmin} of the centre.
     *
     * @throws MirrorException naming the pixel, file or column when the mirror cannot answer completely
     */
    public MirrorCone cone(Catalogue served, double raDeg, double decDeg, double radiusArcmin) throws MirrorException {
        if (MirrorSchema.serving(served) != schema) {
            throw new IllegalArgumentException("a " + schema.label() + " mirror does not serve " + served.label());
        }
        if (served == Catalogue.PS1_BRIGHT && layout instanceof HealpixFiveLayout l5 && l5.manifest().isPresent()
                && l5.manifest().get().filters().contains(MirrorSchema.VIZIER_PS1_FILTER)) {
            throw new MirrorException(MirrorException.Problem.WRONG_SCHEMA, "the PS1 mirror " + layout.describe() + " was built from"
                    + " VizieR's II/389, which lacks the stars with " + BrightStarList.MIN_DETECTIONS + " detections the bright-star"
                    + " list needs: build it from bulk files or HATS, or keep VASCO_PS1BRIGHT_SOURCE=vizier (MAST)");
        }
        List<Path> files = layout.files(raDeg, decDeg, radiusArcmin / 60.0);
        List<MirrorSchema.Field> read = schema.fieldsRead(served);
        Map<List<String>, List<Path>> byMapping = new LinkedHashMap<>();
        for (Path file : files) {
            byMapping.computeIfAbsent(mapping(file, read, served), k -> new ArrayList<>()).add(file);
        }
        List<Row> rows = new ArrayList<>();
        long scanned = 0;
        List<MirrorSchema.Output> outputs = schema.outputs(served);
        for (Map.Entry<List<String>, List<Path>> group : byMapping.entrySet()) {
            List<String> physical = group.getKey();
            List<String> present = physical.stream().filter(p -> p != null).toList();
            String where = where(served, read, physical, raDeg, decDeg, radiusArcmin);
            scanned += engine.scan(group.getValue(), present, where, rs -> {
                Row row = row(served, read, physical, outputs, rs, raDeg, decDeg, radiusArcmin);
                if (row != null) {
                    rows.add(row);
                }
            });
        }
        rows.sort(Comparator.comparingDouble(Row::distanceArcmin).thenComparing(r -> String.join(",", r.values())));
        int rColumn = served.columns().indexOf("_r");
        List<String[]> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (rColumn >= 0) {
                row.values()[rColumn] = FixedDecimals.format(row.distanceArcmin(), 4);
            }
            out.add(row.values());
        }
        return new MirrorCone(served, out, files.size(), scanned);
    }

    /** The file's column for each field read (null for a missing optional one); a missing required column fails. */
    private List<String> mapping(Path file, List<MirrorSchema.Field> read, Catalogue served) throws MirrorException {
        Map<String, String> columns = engine.columns(file);
        List<String> names = new ArrayList<>(columns.keySet());
        List<String> physical = new ArrayList<>();
        for (MirrorSchema.Field field : read) {
            String name = schema.physicalName(field, names).orElse(null);
            if (name == null && field.required()) {
                throw new MirrorException(MirrorException.Problem.WRONG_SCHEMA, "the " + schema.label() + " mirror file " + file
                        + " has no column " + field.name() + (field.aliases().size() > 1 ? " (nor " + field.aliases().subList(1,
                        field.aliases().size()) + ")" : "") + ", which the " + served.label() + " neighbourhood needs; its columns are "
                        + names);
            }
            if (name != null && field.type().numeric() && !NUMERIC.contains(baseType(columns.get(name)))) {
                throw new MirrorException(MirrorException.Problem.WRONG_SCHEMA, "the " + schema.label() + " mirror file " + file
                        + " holds column " + name + " as " + columns.get(name) + "; a number (" + field.type() + ") is needed");
            }
            physical.add(name);
        }
        return physical;
    }

    private static String baseType(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        return t.startsWith("DECIMAL") ? "DOUBLE" : t;
    }

    /** Dec band, an exact (slightly widened) angular cut and the catalogue's filters, pushed into the scan. */
    private String where(Catalogue served, List<MirrorSchema.Field> read, List<String> physical, double raDeg, double decDeg,
                         double radiusArcmin) {
        String ra = ParquetEngine.identifier(physical.get(0));
        String dec = ParquetEngine.identifier(physical.get(1));
        double r = radiusArcmin / 60.0 + 1e-6;
        List<String> terms = new ArrayList<>();
        terms.add(String.format(Locale.ROOT, "%s BETWEEN %.9f AND %.9f", dec, Math.max(-90, decDeg - r), Math.min(90, decDeg + r)));
        // haversine, as SkyGeometry.separationDeg, widened by 1e-6 deg: the exact cut is made again in Java
        terms.add(String.format(Locale.ROOT, "2 * asin(least(1.0, sqrt(pow(sin(radians(%s - %.12f) / 2), 2) + cos(radians(%.12f))"
                + " * cos(radians(%s)) * pow(sin(radians(%s - %.12f) / 2), 2)))) <= radians(%.12f)", dec, decDeg, decDeg, dec, ra,
                raDeg, r));
        for (MirrorSchema.Condition c : schema.conditions(served)) {
            String column = ParquetEngine.identifier(physical.get(indexOf(read, c.field())));
            terms.add(Double.isInfinite(c.max()) ? String.format(Locale.ROOT, "%s >= %s", column, number(c.min()))
                    : String.format(Locale.ROOT, "%s BETWEEN %s AND %s", column, number(c.min()), number(c.max())));
        }
        return String.join(" AND ", terms);
    }

    private Row row(Catalogue served, List<MirrorSchema.Field> read, List<String> physical, List<MirrorSchema.Output> outputs,
                    ResultSet rs, double raDeg, double decDeg, double radiusArcmin) throws SQLException {
        double ra = rs.getDouble(1);
        boolean noRa = rs.wasNull();
        double dec = rs.getDouble(2);
        if (noRa || rs.wasNull()) {
            return null;
        }
        double distance = SkyGeometry.separationDeg(raDeg, decDeg, ra, dec) * 60.0;
        if (distance > radiusArcmin) {
            return null;
        }
        String[] values = new String[outputs.size()];
        for (int i = 0; i < outputs.size(); i++) {
            MirrorSchema.Output o = outputs.get(i);
            values[i] = o.field() == null ? "" : text(rs, read, physical, o);
        }
        if (served == Catalogue.PS1_BRIGHT) {
            String nd = text(rs, read, physical, new MirrorSchema.Output("Nd", "nDetections", 0));
            String r = values[served.columns().indexOf("rmag")];
            if (nd.isEmpty() || r.isEmpty() || !BrightStarList.includes(Integer.parseInt(nd), Double.parseDouble(r))) {
                return null;
            }
        }
        return new Row(distance, values);
    }

    /** One value as VizieR prints it; empty for null, NaN and PS1's −999. */
    private String text(ResultSet rs, List<MirrorSchema.Field> read, List<String> physical, MirrorSchema.Output o) throws SQLException {
        int index = indexOf(read, o.field());
        if (physical.get(index) == null) {
            return "";
        }
        int column = columnOf(physical, index);
        MirrorSchema.Field field = read.get(index);
        if (field.type() == MirrorSchema.Type.VARCHAR) {
            String s = rs.getString(column);
            return s == null ? "" : s.trim();
        }
        if (o.decimals() == 0 && field.type().integral()) {
            long v = rs.getLong(column);
            return rs.wasNull() || schema.isMissing(v) ? "" : Long.toString(v);
        }
        double v = rs.getDouble(column);
        if (rs.wasNull() || schema.isMissing(v) || Double.isInfinite(v)) {
            return "";
        }
        return FixedDecimals.format(v, o.decimals());
    }

    /** The JDBC column of a field: fields without a column in this file are not selected. */
    private static int columnOf(List<String> physical, int index) {
        int column = 0;
        for (int i = 0; i <= index; i++) {
            if (physical.get(i) != null) {
                column++;
            }
        }
        return column;
    }

    private static int indexOf(List<MirrorSchema.Field> read, String field) {
        for (int i = 0; i < read.size(); i++) {
            if (read.get(i).name().equals(field)) {
                return i;
            }
        }
        throw new IllegalStateException("field " + field + " is not read");
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private record Row(double distanceArcmin, String[] values) {
    }
}
