package org.vasco.testkit.services;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.JdbcConnection;

/**
 * A real PostgreSQL server from embedded binaries (zonky, PostgreSQL 18), on loopback. With a data
 * directory that survives, a restart resumes the same database (local cluster under {@code .vasco/}); a server
 * left running there by a killed owner is stopped first, with a warning ({@link LeftoverPostmaster}).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    public static final String DATABASE = "vasco";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static EmbeddedPostgresServer at(Path dataDir, int port) {
        return new EmbeddedPostgresServer(dataDir, port == 0 ? EmbeddedKafkaBroker.freePort() : port);
    }

    public synchronized EmbeddedPostgresServer start() {
        if (postgres != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            Optional<LeftoverPostmaster> leftover = LeftoverPostmaster.find(dataDir);
            if (leftover.isPresent()) {
                LOG.warn("Embedded PostgreSQL: {}", leftover.get().describe());
                leftover.get().stop();
            }
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // The owner stops the server (SharedServices and the local cluster do, from their own shutdown
                    // hooks, after the services using it); zonky's own hook would kill it under their feet.
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                    if (!rs.next()) {
                        s.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
            return this;
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("Could not start embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new IllegalStateException("Could not stop embedded PostgreSQL: " + e.getMessage(), e);
            }
            postgres = null;
        }
    }

    public boolean isRunning() {
        return postgres != null;
    }

    public int port() {
        return port;
    }

    public JdbcConnection connection(int poolSize) {
        return new JdbcConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, "postgres", "postgres", poolSize);
    }

    @Override
    public void close() {
        stop();
    }
}
