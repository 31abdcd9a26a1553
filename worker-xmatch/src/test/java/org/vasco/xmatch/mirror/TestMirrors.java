package org.vasco.xmatch.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.sky.healpix.NestedHealpix;

/**
 * Small synthetic mirrors written by the tests, from rows in VizieR's neighbourhood columns: the reference's level-5
 * Hive layout (with our MANIFEST.json, or bare like the reference's own caches, Gaia then with its 6 columns only),
 * and a HATS catalogue at mixed orders 4 and 5 with STScI's PS1 column names. Written with plain SQL through DuckDB,
 * independently of the mirror builder, in the reference's column types (Gaia proper motions float32, PS1 magnitudes
 * float32 with −999 for a missing band, USNO-B proper motions int16).
 */
public final class TestMirrors {

    /** Variants of the level-5 layout. */
    public enum Variant {
        /** Every column of {@link MirrorSchema}, MANIFEST.json with whole-pixel coverage. */
        OURS,
        /** The reference's caches: its columns only (Gaia: 6), no MANIFEST.json. */
        REFERENCE
    }

    private TestMirrors() {
    }

    /** A level-5 mirror at {@code root} of the rows (aligned with {@code catalogue.columns()}). */
    public static Path healpixFive(ParquetEngine engine, Path root, Catalogue catalogue, List<String[]> rows, Variant variant)
            throws IOException, SQLException {
        MirrorSchema schema = MirrorSchema.serving(catalogue);
        List<MirrorSchema.Field> fields = fields(schema, variant);
        Files.createDirectories(root.resolve("parquet"));
        try (Connection c = engine.connection()) {
            load(c, schema, fields, rows, false);
            try (Statement s = c.createStatement()) {
                s.execute("COPY (SELECT * EXCLUDE (ord4, pix4), healpix_5(" + quoted(physical(schema, "ra", false)) + ", "
                        + quoted(physical(schema, "dec", false)) + ") AS healpix_5 FROM rows ORDER BY 3) TO "
                        + ParquetEngine.literal(root.resolve("parquet")) + " (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (healpix_5),"
                        + " FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE)");
                s.execute("DROP TABLE rows");
            }
        }
        if (variant == Variant.OURS) {
            writeManifest(engine, root, schema, fields);
        }
        return root;
    }

    /**
     * A HATS catalogue at {@code root}: order-4 partitions, except those whose number is a multiple of 3, which are
     * split into their four order-5 children; {@code properties}, {@code partition_info.csv} and
     * {@code dataset/Norder=k/Dir=d/Npix=n.parquet}. PS1 columns carry STScI's names (raMean, gMeanPSFMag, …).
     */
    public static Path hats(ParquetEngine engine, Path root, Catalogue catalogue, List<String[]> rows) throws IOException, SQLException {
        MirrorSchema schema = MirrorSchema.serving(catalogue);
        List<MirrorSchema.Field> fields = fields(schema, Variant.OURS);
        StringBuilder info = new StringBuilder("Norder,Npix\n");
        try (Connection c = engine.connection()) {
            load(c, schema, fields, rows, true);
            List<long[]> partitions = new ArrayList<>();
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT DISTINCT ord4, pix4 FROM rows ORDER BY 1, 2")) {
                while (rs.next()) {
                    partitions.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
            for (long[] p : partitions) {
                String file = "dataset/Norder=" + p[0] + "/Dir=" + (p[1] / 10000 * 10000) + "/Npix=" + p[1] + ".parquet";
                Files.createDirectories(root.resolve(file).getParent());
                try (Statement s = c.createStatement()) {
                    s.execute("COPY (SELECT * EXCLUDE (ord4, pix4) FROM rows WHERE ord4 = " + p[0] + " AND pix4 = " + p[1]
                            + " ORDER BY 3) TO " + ParquetEngine.literal(root.resolve(file)) + " (FORMAT parquet, COMPRESSION zstd)");
                }
                info.append(p[0]).append(',').append(p[1]).append('\n');
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE rows");
            }
        }
        Files.writeString(root.resolve("partition_info.csv"), info.toString());
        Files.writeString(root.resolve("properties"), "obs_collection=" + catalogue.label() + "_test\ndataproduct_type=object\n"
                + "hats_col_ra=" + physical(schema, "ra", true) + "\nhats_col_dec=" + physical(schema, "dec", true) + "\n"
                + "hats_nrows=" + rows.size() + "\n");
        return root;
    }

    /** Rewrites MANIFEST.json from the pixel directories as they are now (after a test changed them). */
    public static void writeManifest(ParquetEngine engine, Path root, MirrorSchema schema, List<MirrorSchema.Field> fields)
            throws IOException {
        SortedMap<Long, MirrorManifest.Pixel> pixels = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(root.resolve("parquet"))) {
            for (Path dir : dirs.sorted().toList()) {
                long pixel = Long.parseLong(dir.getFileName().toString().substring("healpix_5=".length()));
                SortedMap<String, String> files = new TreeMap<>();
                long n = 0;
                try (Stream<Path> parts = Files.list(dir)) {
                    for (Path f : parts.sorted().toList()) {
                        files.put(f.getFileName().toString(), sha256(f));
                        try {
                            n += engine.rowCount(f);
                        } catch (MirrorException e) {
                            throw new IOException(e);
                        }
                    }
                }
                pixels.put(pixel, new MirrorManifest.Pixel(n, files));
            }
        }
        List<MirrorManifest.Column> columns = fields.stream().map(f -> new MirrorManifest.Column(f.name(), f.type().name())).toList();
        new MirrorManifest(MirrorManifest.FORMAT, schema.label(), MirrorManifest.LAYOUT_HEALPIX5, 5, null,
                new MirrorManifest.Provenance("test", "TestMirrors", "test", null, null, List.of(), null), List.of(),
                new MirrorManifest.Coverage(MirrorManifest.Coverage.PIXELS, List.of()), columns, 0, pixels)
                .withPixels(pixels).write(root.resolve(MirrorManifest.FILE));
    }

    public static List<MirrorSchema.Field> fields(MirrorSchema schema, Variant variant) {
        List<MirrorSchema.Field> fields = new ArrayList<>(schema.fields());
        if (variant == Variant.REFERENCE && schema == MirrorSchema.GAIA) {
            fields.removeIf(f -> !f.required() && !f.name().equals("source_id"));
        }
        return fields;
    }

    /** The column name a test file uses: the stored name, or for PS1 in HATS the archive's (raMean, gMeanPSFMag…). */
    static String physical(MirrorSchema schema, String field, boolean hats) {
        if (hats && schema == MirrorSchema.PS1) {
            return switch (field) {
                case "ra" -> "raMean";
                case "dec" -> "decMean";
                case "gmag", "rmag", "imag", "zmag", "ymag" -> field.charAt(0) + "MeanPSFMag";
                default -> field;
            };
        }
        return field;
    }

    private static void load(Connection c, MirrorSchema schema, List<MirrorSchema.Field> fields, List<String[]> rows, boolean hats) throws SQLException {
        StringBuilder create = new StringBuilder("CREATE TABLE rows (");
        for (MirrorSchema.Field f : fields) {
            create.append(quoted(physical(schema, f.name(), hats))).append(' ').append(f.type().name()).append(", ");
        }
        create.append("ord4 BIGINT, pix4 BIGINT)");
        try (Statement s = c.createStatement()) {
            s.execute(create.toString());
        }
        Catalogue catalogue = schema.catalogue();
        List<MirrorSchema.Output> outputs = schema.outputs(catalogue);
        NestedHealpix order4 = new NestedHealpix(4);
        NestedHealpix order5 = new NestedHealpix(5);
        try (DuckDBAppender insert = c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rows")) {
            long n = 0;
            for (String[] row : rows) {
                n++;
                insert.beginRow();
                double ra = Double.parseDouble(row[catalogue.columns().indexOf("ra")]);
                double dec = Double.parseDouble(row[catalogue.columns().indexOf("dec")]);
                for (MirrorSchema.Field f : fields) {
                    String text = switch (f.name()) {
                        case "source_id" -> Long.toString(4_000_000_000L + n);
                        case "id" -> String.format("%04d-%07d", (int) ((dec + 90) * 10), n);
                        default -> {
                            String column = outputs.stream().filter(o -> f.name().equals(o.field())).findFirst()
                                    .map(MirrorSchema.Output::column).orElseThrow();
                            yield row[catalogue.columns().indexOf(column)];
                        }
                    };
                    append(insert, f, text, schema);
                }
                long pix4 = order4.pixel(ra, dec);
                boolean split = pix4 % 3 == 0;
                insert.append(split ? 5L : 4L);
                insert.append(split ? order5.pixel(ra, dec) : pix4);
                insert.endRow();
            }
        }
    }

    private static void append(DuckDBAppender insert, MirrorSchema.Field f, String text, MirrorSchema schema) throws SQLException {
        if (text == null || text.isEmpty()) {
            if (schema == MirrorSchema.PS1 && f.type() == MirrorSchema.Type.FLOAT) {
                insert.append(-999f); // the reference's PS1 cache keeps PS1's sentinel
            } else {
                insert.appendNull();
            }
            return;
        }
        switch (f.type()) {
            case BIGINT -> insert.append(Long.parseLong(text));
            case SMALLINT -> insert.append(Short.parseShort(text));
            case FLOAT -> insert.append(Float.parseFloat(text));
            case DOUBLE -> insert.append(Double.parseDouble(text));
            case VARCHAR -> insert.append(text);
        }
    }

    static String quoted(String name) {
        return ParquetEngine.identifier(name);
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text of a small file (tests). */
    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
