package org.vasco.xmatch.mirror.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException;
import org.vasco.xmatch.catalog.VizierConeClient;
import org.vasco.xmatch.mirror.HatsLayout;
import org.vasco.xmatch.mirror.HealpixFiveLayout;
import org.vasco.xmatch.mirror.MirrorException;
import org.vasco.xmatch.mirror.MirrorSchema;
import org.vasco.xmatch.mirror.ParquetEngine;

/**
 * Writes the pixel files of a mirror in the reference's level-5 layout ({@code <out>/parquet/healpix_5=<pixel>/}),
 * zstd Parquet with the stored columns of {@link MirrorSchema} in its types, each row in the pixel of its position
 * (not of Gaia's {@code source_id}, which encodes where the source was first seen). Three sources:
 * <ul>
 *   <li>bulk files, CSV or ECSV ({@code #} header lines), gzipped or not, with the archives' or the reference's
 *       column names (Gaia's {@code source_id, ra, dec, pmra, pmdec, phot_g_mean_mag, …});</li>
 *   <li>the partitions of a HATS catalogue (e.g. STScI's PS1 DR2), reading only the needed columns;</li>
 *   <li>VizieR cones over a plan's tiles, fetched with the worker's client (capped cones are split), staged in a
 *       DuckDB file and written once at the end, each source once however many cones hold it.</li>
 * </ul>
 * Resumable: each bulk file or HATS partition is written whole under its own file-name stem and then marked done
 * in {@code .done/}; after an interrupt, done inputs are skipped and the parts of the unfinished one are replaced.
 * VizieR cones are marked done in the staging database with their rows, in one transaction. With a footprint (the
 * plan's pixels) only the rows of those pixels are kept. Not thread-safe: one build per output directory.
 */
public final class MirrorBuilder {

    static final String DONE = ".done";
    static final String STAGING = ".build";
    private static final String NULLS = "['', 'null', 'NULL', 'NaN', 'nan', '--']";

    private final MirrorSchema schema;
    private final Path out;
    private final ParquetEngine engine;
    private final Consumer<String> log;

    public MirrorBuilder(MirrorSchema schema, Path out, ParquetEngine engine, Consumer<String> log) {
        this.schema = schema;
        this.out = out.toAbsolutePath().normalize();
        this.engine = engine;
        this.log = log;
    }

    /** The inputs written by this and earlier runs into {@code out}. */
    public record Written(int inputs, int skipped, long rows) {
    }

    /**
     * Writes the rows of bulk CSV/ECSV files (gzipped when their name ends in .gz).
     *
     * @param footprint the pixels to keep, or null for all
     * @throws IOException naming the file and what is wrong (a missing column, a value that is not a number)
     */
    public Written fromFiles(List<Path> inputs, Set<Long> footprint) throws IOException {
        int done = 0;
        int skipped = 0;
        long rows = 0;
        for (Path input : inputs) {
            String stem = stem(input.getFileName().toString(), input.toAbsolutePath().toString());
            if (isDone(stem)) {
                skipped++;
                continue;
            }
            String reader = "read_csv(" + ParquetEngine.literal(input.toAbsolutePath()) + ", all_varchar = true, header = true,"
                    + " comment = '#', nullstr = " + NULLS + ")";
            rows += write(stem, reader, columnsOf(reader, input.toString()), footprint, input.toString());
            done++;
        }
        return new Written(done, skipped, rows);
    }

    /**
     * Writes the rows of a HATS catalogue's partitions (those touching the footprint, or all).
     *
     * @throws IOException naming the partition when one cannot be read or lacks a column
     */
    public Written fromHats(HatsLayout hats, Set<Long> footprint) throws IOException {
        int done = 0;
        int skipped = 0;
        long rows = 0;
        for (Map.Entry<Integer, Set<Long>> order : hats.partitions().entrySet()) {
            for (long pixel : order.getValue().stream().sorted().toList()) {
                if (footprint != null && !touches(order.getKey(), pixel, footprint)) {
                    continue;
                }
                String stem = "hats-N" + order.getKey() + "-P" + pixel;
                if (isDone(stem)) {
                    skipped++;
                    continue;
                }
                List<Path> files;
                try {
                    files = hats.partitionFiles(order.getKey(), pixel);
                } catch (MirrorException e) {
                    throw new IOException(e.getMessage(), e);
                }
                String reader = "read_parquet([" + files.stream().map(ParquetEngine::literal).collect(Collectors.joining(", "))
                        + "], hive_partitioning = false, union_by_name = true)";
                rows += write(stem, reader, columnsOf(reader, "HATS partition Norder=" + order.getKey() + " Npix=" + pixel), footprint,
                        "HATS partition Norder=" + order.getKey() + " Npix=" + pixel);
                done++;
            }
        }
        return new Written(done, skipped, rows);
    }

    /**
     * Fetches each cone from VizieR (skipping cones fetched by an earlier run) and writes the pixel files of all
     * rows fetched so far, each source once.
     *
     * @throws NeighbourhoodUnavailableException when a cone cannot be had completely (the cones before it are kept)
     */
    public Written fromVizier(VizierConeClient vizier, List<BuildCone> cones) throws IOException, NeighbourhoodUnavailableException,
            InterruptedException {
        Path staging = Files.createDirectories(out.resolve(STAGING));
        Catalogue catalogue = schema.catalogue();
        int done = 0;
        int skipped = 0;
        try (ParquetEngine stage = ParquetEngine.open("1GB", staging.resolve("vizier.duckdb"));
             Connection c = stage.connection()) {
            createStaging(c);
            for (BuildCone cone : cones) {
                if (coneDone(c, cone)) {
                    skipped++;
                    continue;
                }
                CatalogueNeighbourhood n = vizier.fetch(catalogue, cone.tile(), cone.raDeg(), cone.decDeg(), cone.radiusArcmin())
                        .neighbourhood();
                c.setAutoCommit(false);
                try (DuckDBAppender rows = c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rows");
                     PreparedStatement s = c.prepareStatement("INSERT INTO cones VALUES (?)")) {
                    for (String[] row : n.rows()) {
                        appendVizierRow(rows, catalogue, row);
                    }
                    rows.flush();
                    s.setString(1, cone.tile().value());
                    s.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
                done++;
                log.accept(String.format(Locale.ROOT, "%s %s: %,d rows from VizieR", catalogue.label(), cone.tile(), n.size()));
            }
            deleteParquet();
            String key = schema == MirrorSchema.PS1 ? "objID" : "ra, dec";
            long rows;
            try (Statement s = c.createStatement()) {
                rows = s.executeUpdate("COPY (SELECT * EXCLUDE (row_key), healpix_5(ra, dec) AS healpix_5 FROM (SELECT DISTINCT ON (row_key) *"
                        + " FROM rows) ORDER BY healpix_5, dec) TO " + ParquetEngine.literal(out.resolve(HealpixFiveLayout.DATA))
                        + " (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (healpix_5), FILENAME_PATTERN 'vizier-{i}',"
                        + " OVERWRITE_OR_IGNORE)");
            }
            log.accept(String.format(Locale.ROOT, "%s: %,d distinct rows written (key %s)", catalogue.label(), rows, key));
            return new Written(done, skipped, rows);
        } catch (SQLException e) {
            throw new IOException("staging VizieR rows in " + staging + " failed: " + e.getMessage(), e);
        }
    }

    private void createStaging(Connection c) throws SQLException {
        StringBuilder create = new StringBuilder("CREATE TABLE IF NOT EXISTS rows (");
        for (MirrorSchema.Field f : schema.fields()) {
            create.append(ParquetEngine.identifier(f.name())).append(' ').append(f.type().name()).append(", ");
        }
        create.append("row_key VARCHAR)");
        try (Statement s = c.createStatement()) {
            s.execute(create.toString());
            s.execute("CREATE TABLE IF NOT EXISTS cones (tile VARCHAR PRIMARY KEY)");
        }
    }

    private static boolean coneDone(Connection c, BuildCone cone) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM cones WHERE tile = ?")) {
            s.setString(1, cone.tile().value());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** A VizieR row (the neighbourhood's columns, as text) as stored columns; the key makes each source count once. */
    private void appendVizierRow(DuckDBAppender rows, Catalogue catalogue, String[] row) throws SQLException {
        rows.beginRow();
        for (MirrorSchema.Field f : schema.fields()) {
            String column = schema.outputs(catalogue).stream().filter(o -> f.name().equals(o.field())).map(MirrorSchema.Output::column)
                    .findFirst().orElse(null);
            String text = column == null ? "" : row[catalogue.columns().indexOf(column)];
            if (text == null || text.isBlank()) {
                if (schema == MirrorSchema.PS1 && f.type() == MirrorSchema.Type.FLOAT) {
                    rows.append((float) MirrorSchema.PS1_MISSING);
                } else {
                    rows.appendNull();
                }
                continue;
            }
            switch (f.type()) {
                case BIGINT -> rows.append(Long.parseLong(text.trim()));
                case SMALLINT -> rows.append(Short.parseShort(text.trim()));
                case FLOAT -> rows.append(Float.parseFloat(text.trim()));
                case DOUBLE -> rows.append(Double.parseDouble(text.trim()));
                case VARCHAR -> rows.append(text.trim());
            }
        }
        int id = catalogue.columns().indexOf("objID");
        rows.append(id >= 0 ? row[id] : row[catalogue.columns().indexOf("ra")] + " " + row[catalogue.columns().indexOf("dec")]);
        rows.endRow();
    }

    /** The input's column names. */
    private List<String> columnsOf(String reader, String what) throws IOException {
        List<String> names = new ArrayList<>();
        try (Connection c = engine.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + reader)) {
            while (rs.next()) {
                names.add(rs.getString("column_name"));
            }
        } catch (SQLException e) {
            throw new IOException(what + " is not a readable table: " + firstLine(e), e);
        }
        return names;
    }

    /** Writes one input's rows under its stem, then marks it done; returns its rows. */
    private long write(String stem, String reader, List<String> columns, Set<Long> footprint, String what) throws IOException {
        removeParts(stem);
        Map<String, String> select = new LinkedHashMap<>();
        for (MirrorSchema.Field f : schema.fields()) {
            String physical = schema.physicalName(f, columns).orElse(null);
            if (physical == null && f.required()) {
                throw new IOException(what + " has no column " + f.name() + (f.aliases().size() > 1 ? " (nor " + f.aliases().subList(1,
                        f.aliases().size()) + ")" : "") + ", which a " + schema.label() + " mirror needs; its columns are " + columns);
            }
            select.put(f.name(), physical == null ? "CAST(NULL AS " + f.type() + ")"
                    : "CAST(" + ParquetEngine.identifier(physical) + " AS " + f.type() + ")");
        }
        String pixel = "healpix_5(" + select.get("ra") + ", " + select.get("dec") + ")";
        StringBuilder sql = new StringBuilder("COPY (SELECT ");
        select.forEach((name, expr) -> sql.append(expr).append(" AS ").append(ParquetEngine.identifier(name)).append(", "));
        sql.append(pixel).append(" AS healpix_5 FROM ").append(reader).append(" WHERE ").append(select.get("ra"))
                .append(" IS NOT NULL AND ").append(select.get("dec")).append(" IS NOT NULL");
        if (footprint != null) {
            sql.append(" AND ").append(pixel).append(" IN (").append(footprint.stream().sorted().map(String::valueOf)
                    .collect(Collectors.joining(", "))).append(")");
        }
        sql.append(" ORDER BY healpix_5, dec) TO ").append(ParquetEngine.literal(out.resolve(HealpixFiveLayout.DATA)))
                .append(" (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (healpix_5), FILENAME_PATTERN ")
                .append(ParquetEngine.literal(stem + "-{i}")).append(", OVERWRITE_OR_IGNORE, ROW_GROUP_SIZE 100000)");
        long rows;
        try (Connection c = engine.connection(); Statement s = c.createStatement()) {
            Files.createDirectories(out.resolve(HealpixFiveLayout.DATA));
            rows = s.executeUpdate(sql.toString());
        } catch (SQLException e) {
            removeParts(stem);
            throw new IOException(what + " could not be written: " + firstLine(e), e);
        }
        Files.createDirectories(out.resolve(DONE));
        Files.writeString(out.resolve(DONE).resolve(stem + ".done"), what + "\t" + rows + "\n", StandardCharsets.UTF_8);
        log.accept(String.format(Locale.ROOT, "%s: %,d rows", what, rows));
        return rows;
    }

    private boolean isDone(String stem) {
        return Files.isRegularFile(out.resolve(DONE).resolve(stem + ".done"));
    }

    /** The inputs marked done so far (name → the line of its marker). */
    public Map<String, String> doneInputs() throws IOException {
        Map<String, String> done = new LinkedHashMap<>();
        if (Files.isDirectory(out.resolve(DONE))) {
            try (Stream<Path> markers = Files.list(out.resolve(DONE))) {
                for (Path m : markers.sorted().toList()) {
                    done.put(m.getFileName().toString(), Files.readString(m, StandardCharsets.UTF_8).trim());
                }
            }
        }
        return done;
    }

    /** Deletes what an unfinished attempt at this input left in the pixel directories. */
    private void removeParts(String stem) throws IOException {
        Path data = out.resolve(HealpixFiveLayout.DATA);
        if (!Files.isDirectory(data)) {
            return;
        }
        try (Stream<Path> files = Files.walk(data, 2)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(stem + "-")).toList()) {
                Files.delete(f);
            }
        }
    }

    private void deleteParquet() throws IOException {
        Path data = out.resolve(HealpixFiveLayout.DATA);
        if (Files.isDirectory(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** Whether a partition at {@code order} touches one of the order-5 footprint pixels. */
    static boolean touches(int order, long pixel, Set<Long> footprint) {
        if (order >= HealpixFiveLayout.ORDER) {
            return footprint.contains(pixel >>> (2 * (order - HealpixFiveLayout.ORDER)));
        }
        int shift = 2 * (HealpixFiveLayout.ORDER - order);
        return footprint.stream().anyMatch(p -> (p >>> shift) == pixel);
    }

    /** A file-name stem unique to the input: its name without extensions and a short hash of its full path. */
    static String stem(String name, String fullPath) {
        String base = name.replaceAll("(\\.(csv|ecsv|txt|gz|parquet))+$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        return base + "-" + HexFormat.of().toHexDigits(fullPath.hashCode());
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
