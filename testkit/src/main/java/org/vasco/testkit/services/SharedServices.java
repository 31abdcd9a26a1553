package org.vasco.testkit.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.db.Database;
import org.vasco.common.service.TopicSetup;

/**
 * One broker and one database per test JVM, started on first use and shared by every test class
 * (STYLE.md §10). Which services, in order of preference:
 * <ol>
 *   <li>external ones, when {@code VASCO_KAFKA_BOOTSTRAP} / {@code VASCO_JDBC_URL} are set;</li>
 *   <li>Testcontainers, when a Docker engine actually answers ({@code isDockerAvailable()});</li>
 *   <li>otherwise a real in-JVM KRaft broker and PostgreSQL from embedded binaries.</li>
 * </ol>
 * The schema is migrated once. Tests isolate themselves by unique run names, never by fresh services.
 */
public final class SharedServices {

    private static final Logger LOG = LoggerFactory.getLogger(SharedServices.class);
    private static SharedServices instance;

    private final KafkaConnection kafka;
    private final JdbcConnection jdbc;
    private final EmbeddedKafkaBroker embeddedBroker;
    private final EmbeddedPostgresServer embeddedPostgres;
    private final Database database;
    private final Path scratch;

    private SharedServices(KafkaConnection kafka, JdbcConnection jdbc, EmbeddedKafkaBroker broker,
                           EmbeddedPostgresServer postgres, Path scratch) {
        this.kafka = kafka;
        this.jdbc = jdbc;
        this.embeddedBroker = broker;
        this.embeddedPostgres = postgres;
        this.scratch = scratch;
        this.database = Database.open(jdbc, "testkit").migrate();
    }

    /** The services of this JVM, starting them on first call. */
    public static synchronized SharedServices get() {
        if (instance == null) {
            instance = start(Environment.system());
            Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "shared-services-shutdown"));
        }
        return instance;
    }

    private static SharedServices start(Environment env) {
        try {
            Path scratch = Files.createTempDirectory("vasco-test-services");
            KafkaConnection kafka = null;
            JdbcConnection jdbc = null;
            EmbeddedKafkaBroker broker = null;
            EmbeddedPostgresServer postgres = null;
            if (env.isSet(ClusterSettings.KAFKA_BOOTSTRAP)) {
                kafka = KafkaConnection.from(env);
                LOG.info("Tests use the external Kafka broker at {}", kafka.bootstrap());
            }
            if (env.isSet(ClusterSettings.JDBC_URL)) {
                jdbc = JdbcConnection.from(env);
                LOG.info("Tests use the external database at {}", jdbc.redactedUrl());
            }
            boolean docker = (kafka == null || jdbc == null) && dockerAvailable();
            if (kafka == null) {
                if (docker) {
                    // Share groups carry the tasks: a 4.2+ broker, sized like the embedded one (EmbeddedKafkaBroker).
                    KafkaContainer container = new KafkaContainer("apache/kafka:4.4.0")
                            .withEnv("KAFKA_GROUP_SHARE_MAX_SIZE", "1000")
                            .withEnv("KAFKA_GROUP_SHARE_MIN_HEARTBEAT_INTERVAL_MS", "500")
                            .withEnv("KAFKA_GROUP_SHARE_HEARTBEAT_INTERVAL_MS", "1000");
                    container.start();
                    kafka = KafkaConnection.plaintext(container.getBootstrapServers());
                    LOG.info("Tests use a Kafka container at {}", kafka.bootstrap());
                } else {
                    broker = EmbeddedKafkaBroker.onRandomPorts(scratch.resolve("kafka")).start();
                    kafka = KafkaConnection.plaintext(broker.bootstrapServers());
                    LOG.info("Tests use an embedded Kafka broker at {}", kafka.bootstrap());
                }
            }
            if (jdbc == null) {
                if (docker) {
                    PostgreSQLContainer container = new PostgreSQLContainer("postgres:18");
                    container.start();
                    jdbc = new JdbcConnection(container.getJdbcUrl(), container.getUsername(), container.getPassword(), 16);
                    LOG.info("Tests use a PostgreSQL container at {}", jdbc.url());
                } else {
                    postgres = EmbeddedPostgresServer.at(scratch.resolve("postgres"), 0).start();
                    jdbc = postgres.connection(16);
                    LOG.info("Tests use embedded PostgreSQL at {}", jdbc.url());
                }
            }
            if (broker != null || docker) {
                onePartitionTopics(kafka);
            }
            return new SharedServices(kafka, jdbc, broker, postgres, scratch);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Could not prepare test services: " + e.getMessage(), e);
        }
    }

    /**
     * A broker of the tests' own gets the pipeline topics with one partition each, before any service creates them: every
     * task slot of every test worker then shares the one partition of its step's share group, so any idle slot is handed
     * the next task (with more partitions than slots, a slot would own partitions alone, and their tasks wait for it).
     */
    private static void onePartitionTopics(KafkaConnection kafka) {
        try (Admin admin = Admin.create(new java.util.HashMap<>(kafka.clientProperties()))) {
            TopicSetup.ensure(admin, 1, (short) 1);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public KafkaConnection kafka() {
        return kafka;
    }

    public JdbcConnection jdbc() {
        return jdbc;
    }

    /** The shared, migrated pool. Do not close it. */
    public Database database() {
        return database;
    }

    /** The embedded broker when one runs in this JVM (fault tests stop and restart it). */
    public Optional<EmbeddedKafkaBroker> embeddedBroker() {
        return Optional.ofNullable(embeddedBroker);
    }

    /** The embedded PostgreSQL when one runs in this JVM. */
    public Optional<EmbeddedPostgresServer> embeddedPostgres() {
        return Optional.ofNullable(embeddedPostgres);
    }

    /** A fresh directory for one test's storage or state. */
    public Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(scratch, prefix);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The environment a service under test reads: these services' coordinates as VASCO_ variables, and no claiming of
     * stranded steps unless {@code more} turns it on. The database is shared by every test of the JVM, each isolating its
     * workers in a share group of its own; an idle slot claiming due steps from the database would reach past that into
     * other tests' runs.
     */
    public Environment environment(Map<String, String> more) {
        return Environment.of(Map.of(
                ClusterSettings.KAFKA_BOOTSTRAP.name(), kafka.bootstrap(),
                ClusterSettings.JDBC_URL.name(), jdbc.url(),
                ClusterSettings.JDBC_USER.name(), jdbc.user(),
                ClusterSettings.JDBC_PASSWORD.name(), jdbc.password(),
                FrameworkSettings.STRANDED_AFTER.name(), "0s")).withAll(more);
    }

    private void shutdown() {
        database.close();
        if (embeddedBroker != null) {
            embeddedBroker.stop();
        }
        if (embeddedPostgres != null) {
            embeddedPostgres.stop();
        }
    }
}
