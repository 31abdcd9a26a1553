package org.vasco.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The settings every service shares: where the broker, the database and the storage are, and the loop's limits. */
public final class ClusterSettings {

    public static final Setting<String> KAFKA_BOOTSTRAP = Setting.string("VASCO_KAFKA_BOOTSTRAP", "127.0.0.1:9092",
            "Kafka bootstrap servers, host:port[,host:port]");
    public static final Setting<String> KAFKA_SECURITY_PROTOCOL = Setting.string("VASCO_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT",
            "Kafka security.protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    public static final Setting<String> KAFKA_SASL_MECHANISM = Setting.string("VASCO_KAFKA_SASL_MECHANISM", null,
            "Kafka sasl.mechanism, e.g. SCRAM-SHA-512 (only with a SASL protocol)");
    public static final Setting<String> KAFKA_SASL_JAAS_CONFIG = Setting.string("VASCO_KAFKA_SASL_JAAS_CONFIG", null,
            "Kafka sasl.jaas.config (a secret: never logged)");
    public static final Setting<String> KAFKA_SSL_TRUSTSTORE_LOCATION = Setting.string("VASCO_KAFKA_SSL_TRUSTSTORE_LOCATION", null,
            "Kafka ssl.truststore.location");
    public static final Setting<String> KAFKA_SSL_TRUSTSTORE_PASSWORD = Setting.string("VASCO_KAFKA_SSL_TRUSTSTORE_PASSWORD", null,
            "Kafka ssl.truststore.password (a secret: never logged)");
    public static final Setting<Integer> TOPIC_PARTITIONS = Setting.integer("VASCO_TOPIC_PARTITIONS", 24,
            "Partitions of each tile topic when the service creates it (share groups let any number of workers share a"
                    + " partition: this is not a ceiling on replicas)");
    public static final Setting<Short> TOPIC_REPLICATION = new Setting<>("VASCO_TOPIC_REPLICATION", "1",
            "Replication factor of topics the service creates", Short::valueOf);

    public static final Setting<String> JDBC_URL = Setting.string("VASCO_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/vasco",
            "PostgreSQL JDBC URL (sslmode=verify-full etc. go here)");
    public static final Setting<String> JDBC_USER = Setting.string("VASCO_JDBC_USER", "vasco", "PostgreSQL user");
    public static final Setting<String> JDBC_PASSWORD = Setting.string("VASCO_JDBC_PASSWORD", "",
            "PostgreSQL password (a secret: never logged)");
    public static final Setting<Integer> JDBC_POOL_SIZE = Setting.integer("VASCO_JDBC_POOL_SIZE", 8,
            "Maximum connections in the service's pool");

    public static final Setting<Path> DATA = Setting.path("VASCO_DATA", ".vasco/data",
            "Root of the shared artefact storage (a ReadWriteMany volume in Kubernetes)");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("VASCO_HTTP_PORT", 8080,
            "Port of /metrics, /health/live and /health/ready (0 picks a free port)");
    public static final Setting<String> HTTP_BIND = Setting.string("VASCO_HTTP_BIND", "127.0.0.1",
            "Address the HTTP port listens on (/metrics, /health and the coordinator's API and review page): loopback"
                    + " by default; 0.0.0.0 in a pod, so probes and Prometheus reach it");
    public static final Setting<Duration> HTTP_TIMEOUT = Setting.duration("VASCO_HTTP_TIMEOUT", "30s",
            "Longest a client may take to send its request to the HTTP port, and to take the answer; the connection is"
                    + " closed after it, so slow clients cannot hold the handler threads and stall /health (whole seconds;"
                    + " one value per process)");
    public static final Setting<String> WORKER_ID = Setting.string("VASCO_WORKER_ID", null,
            "Identity recorded on claims; defaults to host name and process id");

    public static final Setting<Integer> MAX_ATTEMPTS = Setting.integer("VASCO_MAX_ATTEMPTS", 3,
            "Attempts of a tile step before it is marked FAILED and dead-lettered");
    public static final Setting<Duration> RETRY_BACKOFF = Setting.duration("VASCO_RETRY_BACKOFF", "5s",
            "Delay before the first retry of a failed attempt; doubles with each attempt");
    public static final Setting<Duration> LEASE = Setting.duration("VASCO_LEASE", "120s",
            "How long a claim holds without renewal; a worker renews it while it works");
    public static final Setting<Integer> CONCURRENCY = Setting.integer("VASCO_CONCURRENCY", 1,
            "Tile steps this worker runs at once, each slot with its own share consumer holding one task (extract: one"
                    + " per core; veto: 8, so several tiles share a batch window)");
    public static final Setting<Duration> SHUTDOWN_GRACE = Setting.duration("VASCO_SHUTDOWN_GRACE", "60s",
            "On SIGTERM, how long running steps may finish before their claims are released");

    private ClusterSettings() {
    }

    public static List<Setting<?>> all() {
        return List.of(KAFKA_BOOTSTRAP, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG,
                KAFKA_SSL_TRUSTSTORE_LOCATION, KAFKA_SSL_TRUSTSTORE_PASSWORD, TOPIC_PARTITIONS, TOPIC_REPLICATION,
                JDBC_URL, JDBC_USER, JDBC_PASSWORD, JDBC_POOL_SIZE, DATA, HTTP_PORT, HTTP_BIND, HTTP_TIMEOUT, WORKER_ID,
                MAX_ATTEMPTS, RETRY_BACKOFF, LEASE, CONCURRENCY, SHUTDOWN_GRACE);
    }
}
