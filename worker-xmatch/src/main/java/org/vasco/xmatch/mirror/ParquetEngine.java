package org.vasco.xmatch.mirror;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBFunctions;
import org.vasco.common.sky.healpix.NestedHealpix;

/**
 * Parquet through DuckDB's embedded engine (the native library ships inside the driver jar; no server, no network):
 * reads only the columns asked for, skips row groups whose statistics exclude the condition, and writes the
 * mirrors ({@code COPY … PARTITION_BY}). One in-memory database per engine, a fresh connection per call, so calls
 * from several threads run side by side. Extension loading from the network is switched off: everything used here
 * is built into the driver. The SQL function {@code healpix_5(ra, dec)} gives the order-5 nested pixel of a position
 * ({@link NestedHealpix}), for the builder's partitioning.
 */
public final class ParquetEngine implements AutoCloseable {

    /** What a file's columns were when last looked at, so a mirror's files are described once, not per cone. */
    private record Described(long size, long modified, Map<String, String> columns) {
    }

    private final DuckDBConnection database;
    private final Map<Path, Described> described = new ConcurrentHashMap<>();

    private ParquetEngine(DuckDBConnection database) {
        this.database = database;
    }

    /**
     * An engine with at most {@code memoryLimit} of memory (DuckDB syntax: 1GB, 512MB).
     *
     * @throws IllegalStateException when the embedded engine cannot start (no native library for this platform)
     */
    public static ParquetEngine open(String memoryLimit) {
        return open(memoryLimit, null);
    }

    /**
     * An engine whose database lives in {@code databaseFile} (the builder's staging, kept across an interrupt), or in
     * memory when it is null.
     */
    public static ParquetEngine open(String memoryLimit, Path databaseFile) {
        try {
            DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"
                    + (databaseFile == null ? "" : databaseFile.toAbsolutePath()));
            try (Statement s = c.createStatement()) {
                s.execute("SET autoinstall_known_extensions = false");
                s.execute("SET autoload_known_extensions = false");
                s.execute("SET memory_limit = '" + memoryLimit.replace("'", "") + "'");
            }
            NestedHealpix order5 = new NestedHealpix(5);
            DuckDBFunctions.scalarFunction().withName("healpix_5").withParameters(Double.class, Double.class)
                    .withReturnType(Long.class)
                    .withFunction((BiFunction<Double, Double, Long>) (ra, dec) -> ra == null || dec == null ? null : order5.pixel(ra, dec))
                    .register(c);
            return new ParquetEngine(c);
        } catch (SQLException | RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("the embedded Parquet engine (DuckDB) could not start: " + e.getMessage(), e);
        }
    }

    /** A connection of its own to the engine's database (close it). */
    public Connection connection() throws SQLException {
        return database.duplicate();
    }

    /**
     * The columns of a Parquet file and their DuckDB types, in file order.
     *
     * @throws MirrorException CORRUPT_FILE naming the file when it is not readable Parquet
     */
    public Map<String, String> columns(Path file) throws MirrorException {
        try {
            long size = Files.size(file);
            long modified = Files.getLastModifiedTime(file).toMillis();
            Described known = described.get(file);
            if (known != null && known.size() == size && known.modified() == modified) {
                return known.columns();
            }
            Map<String, String> columns = new LinkedHashMap<>();
            try (Connection c = connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + literal(file) + ", hive_partitioning = false)")) {
                while (rs.next()) {
                    columns.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
            described.put(file, new Described(size, modified, Map.copyOf(columns)));
            return columns;
        } catch (SQLException e) {
            throw new MirrorException(MirrorException.Problem.CORRUPT_FILE, file + " is not a readable Parquet file: "
                    + firstLine(e), e);
        } catch (java.io.IOException e) {
            throw new MirrorException(MirrorException.Problem.UNREACHABLE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Rows of one Parquet file, from its footer. */
    public long rowCount(Path file) throws MirrorException {
        try (Connection c = connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(row_group_num_rows) FROM (SELECT DISTINCT row_group_id, row_group_num_rows"
                     + " FROM parquet_metadata(" + literal(file) + "))")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new MirrorException(MirrorException.Problem.CORRUPT_FILE, file + " is not a readable Parquet file: "
                    + firstLine(e), e);
        }
    }

    /** Receives the rows of a scan, one call per row, columns in the order asked for (1-based, JDBC style). */
    @FunctionalInterface
    public interface RowSink {
        void row(ResultSet row) throws SQLException;
    }

    /**
     * Reads {@code columns} of the rows of {@code files} that satisfy {@code where} (SQL over those columns, or null).
     *
     * @return rows read
     * @throws MirrorException CORRUPT_FILE naming the files when one cannot be read
     */
    public long scan(List<Path> files, List<String> columns, String where, RowSink sink) throws MirrorException {
        if (files.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(identifier(columns.get(i)));
        }
        sql.append(" FROM read_parquet([");
        for (int i = 0; i < files.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(literal(files.get(i)));
        }
        sql.append("], hive_partitioning = false, union_by_name = true)");
        if (where != null && !where.isBlank()) {
            sql.append(" WHERE ").append(where);
        }
        long rows = 0;
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                sink.row(rs);
                rows++;
            }
            return rows;
        } catch (SQLException e) {
            throw new MirrorException(MirrorException.Problem.CORRUPT_FILE, "reading " + files.size() + " file(s) "
                    + files + " failed: " + firstLine(e), e);
        }
    }

    /** Runs a statement (the builder's COPY). */
    public void execute(String sql) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A SQL string literal. */
    public static String literal(Object value) {
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /** A SQL identifier, quoted (column names such as {@code USNO-B1.0}). */
    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        try {
            database.close();
        } catch (SQLException e) {
            // closing an in-memory database fails only when it is already closed
        }
    }
}
