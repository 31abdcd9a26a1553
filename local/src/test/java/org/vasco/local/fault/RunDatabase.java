package org.vasco.local.fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.JdbcConnection;
import org.vasco.testkit.services.SharedServices;

/**
 * A database of its own for one fault run (or another test's cluster, e.g. the deploy tests' containers), on the test
 * JVM's shared PostgreSQL server. The run's cluster then
 * sees only its own rows: its reconciler and finaliser do not pick up other test classes' runs, the header
 * registry and catalogue cache start empty as on a fresh cluster (so the baseline and every scenario download
 * and fetch the same way), and stopping the shared server still takes this database down with it.
 */
public final class RunDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(RunDatabase.class);
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?$");
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final JdbcConnection server;
    private final JdbcConnection connection;
    private final String name;

    private RunDatabase(JdbcConnection server, String name) {
        this.server = server;
        this.name = name;
        Matcher m = URL.matcher(server.url());
        if (!m.matches()) {
            throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + server.url());
        }
        this.connection = new JdbcConnection(m.group(1) + name + (m.group(3) == null ? "" : m.group(3)), server.user(),
                server.password(), server.poolSize());
    }

    /** Creates an empty database named after {@code purpose} (letters and digits only). */
    public static RunDatabase create(String purpose) throws SQLException {
        String name = String.format(Locale.ROOT, "fault_%s_%d_%s", purpose.replaceAll("[^a-z0-9]", ""),
                COUNT.incrementAndGet(), UUID.randomUUID().toString().substring(0, 8));
        RunDatabase db = new RunDatabase(SharedServices.get().jdbc(), name);
        db.execute("CREATE DATABASE " + name);
        return db;
    }

    /** Where the run's services connect, with {@code poolSize} connections each. */
    public JdbcConnection connection(int poolSize) {
        return new JdbcConnection(connection.url(), connection.user(), connection.password(), poolSize);
    }

    public String name() {
        return name;
    }

    /** Drops the database (its services must be closed); a failure is only logged: the server is scratch. */
    public void drop() {
        try {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            LOG.warn("Could not drop the fault run database {}: {}", name, e.getMessage());
        }
    }

    private void execute(String sql) throws SQLException {
        // CREATE/DROP DATABASE cannot run inside a transaction: a plain auto-commit connection to the server's
        // own database. The name is generated above from [a-z0-9_] only.
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
