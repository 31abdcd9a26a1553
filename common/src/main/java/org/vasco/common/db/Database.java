package org.vasco.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.vasco.common.config.JdbcConnection;

/**
 * The service's connection pool to PostgreSQL, with the schema migrated by Flyway.
 * Thread-safe; close it once at shutdown.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens a pool; does not touch the schema (see {@link #migrate()}). */
    public static Database open(JdbcConnection connection, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(connection.url());
        config.setUsername(connection.user());
        config.setPassword(connection.password());
        config.setMaximumPoolSize(connection.poolSize());
        config.setMinimumIdle(1);
        config.setPoolName(poolName);
        // Batched INSERTs go as multi-row statements: a submission writes two rows per tile.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Fail fast when the database is down at start-up, but let the pool recover later on its own.
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(3_000);
        try {
            return new Database(new HikariDataSource(config));
        } catch (RuntimeException e) {
            // Hikari puts the whole URL in some messages ("Failed to get driver instance for jdbcUrl=…"), and a URL
            // may carry a password: report it redacted and without the cause, whose message would repeat it.
            throw new IllegalStateException("Cannot open a connection pool to " + connection.redactedUrl() + ": "
                    + e.getClass().getSimpleName() + ": " + JdbcConnection.redact(e.getMessage()));
        }
    }

    /** Applies pending migrations (db/migration on the class path); safe to call from every service. */
    public Database migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return this;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    // A connection that died under the transaction cannot roll back either: what went wrong is e.
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(autoCommit);
                } catch (SQLException broken) {
                    // the connection is broken; the pool finds out and replaces it
                }
            }
        }
    }

    /**
     * Runs read-only {@code work} in one REPEATABLE READ transaction, so every statement sees the same snapshot of
     * the database (a report whose counts must agree with each other); rolled back afterwards.
     */
    public <T, E extends Exception> T inSnapshot(SnapshotWork<T, E> work) throws SQLException, E {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            c.setAutoCommit(false);
            try {
                // Set for this transaction only: setTransactionIsolation changes the session, which behind PgBouncer in
                // transaction mode is some other client's server connection.
                try (Statement st = c.createStatement()) {
                    st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
                return work.apply(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** True when a connection can be had and answers within a few seconds (readiness). */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** A read-only unit of work on one connection, which may also fail with its own exception. */
    @FunctionalInterface
    public interface SnapshotWork<T, E extends Exception> {
        T apply(Connection connection) throws SQLException, E;
    }

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }
}
