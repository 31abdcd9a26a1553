package org.vasco.testkit.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.service.ServiceRuntime;
import org.vasco.common.service.TopicSetup;

/**
 * TLS to the broker and the database works by configuration alone (docs/security.md): a service started with
 * {@code VASCO_KAFKA_SECURITY_PROTOCOL=SSL} + truststore and a JDBC URL with {@code sslmode=verify-full&sslrootcert=}
 * migrates its schema, creates its topics and turns ready over TLS; a certificate from another CA, a host name the
 * certificate does not name, and a wrong truststore password are each refused. The certificates are made here with
 * the JDK's keytool.
 */
class TlsConnectionsTest {

    private static final String PASSWORD = "tls-test-store";

    @TempDir
    static Path dir;
    private static Path serverKeystore;
    private static Path truststore;
    private static Path otherTruststore;
    private static Path caPem;
    private static Path otherCaPem;
    private static EmbeddedPostgres postgres;
    private static EmbeddedKafkaBroker broker;
    private static CompletableFuture<EmbeddedKafkaBroker> startingBroker;

    @BeforeAll
    static void start() throws Exception {
        // The server certificate names 127.0.0.1 and localhost only; 127.0.0.2 reaches the same server under a name
        // the certificate does not carry.
        Process server = keypair("server", "SAN=ip:127.0.0.1,dns:localhost");
        Process other = keypair("other", "SAN=ip:127.0.0.1");
        serverKeystore = finished(server, "server");
        Path otherKeystore = finished(other, "other");
        truststore = truststoreOf(serverKeystore, "server", dir.resolve("truststore.p12"));
        otherTruststore = truststoreOf(otherKeystore, "other", dir.resolve("other-truststore.p12"));
        caPem = pem(certificate(serverKeystore, "server").getEncoded(), "CERTIFICATE", dir.resolve("ca.crt"));
        otherCaPem = pem(certificate(otherKeystore, "other").getEncoded(), "CERTIFICATE", dir.resolve("other-ca.crt"));
        Path serverCrt = pem(certificate(serverKeystore, "server").getEncoded(), "CERTIFICATE", dir.resolve("server.crt"));
        Path serverKey = pem(privateKey(serverKeystore, "server").getEncoded(), "PRIVATE KEY", dir.resolve("server.key"));
        Files.setPosixFilePermissions(serverKey, PosixFilePermissions.fromString("rw-------"));

        // The broker and the database start side by side: each takes seconds on a loaded machine.
        startingBroker = CompletableFuture.supplyAsync(() ->
                EmbeddedKafkaBroker.onRandomPorts(dir.resolve("kafka")).withTls(serverKeystore, truststore, PASSWORD).start());
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1,127.0.0.2")
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", serverCrt.toString())
                .setServerConfig("ssl_key_file", serverKey.toString())
                .setServerConfig("fsync", "off")
                .start();
        broker = startingBroker.get(120, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (broker != null) {
            broker.stop();
        } else if (startingBroker != null) {
            startingBroker.thenAccept(EmbeddedKafkaBroker::stop);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aServiceMigratesCreatesTopicsAndTurnsReadyOverTls() throws Exception {
        Map<String, String> vars = new HashMap<>(tlsSettings(truststore, PASSWORD));
        vars.put(ClusterSettings.JDBC_URL.name(), jdbcUrl("127.0.0.1", caPem));
        vars.put(ClusterSettings.JDBC_USER.name(), "postgres");
        vars.put(ClusterSettings.JDBC_POOL_SIZE.name(), "2");
        vars.put(ClusterSettings.HTTP_PORT.name(), "0");
        vars.put(ClusterSettings.TOPIC_PARTITIONS.name(), "1");
        vars.put(FrameworkSettings.OUTBOX_PUBLISHER.name(), "true");
        try (ServiceRuntime runtime = ServiceRuntime.start(Environment.of(vars), "tls-test", null, List.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> runtime.endpoint().failingChecks().isEmpty());
            try (Connection c = runtime.database().connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("the pool's connection is encrypted").isTrue();
                assertThat(rs.getString(2)).startsWith("TLSv1.");
            }
            try (Admin admin = Admin.create(new HashMap<>(runtime.kafka().clientProperties()))) {
                Set<String> topics = admin.listTopics(new ListTopicsOptions().timeoutMs(10_000)).names().get(15, TimeUnit.SECONDS);
                assertThat(topics).containsAll(TopicSetup.pipelineTopics());
            }
        }
    }

    @Test
    void theDatabaseIsRefusedUnderAnotherCaOrAnotherName() {
        assertThatThrownBy(() -> connect(jdbcUrl("127.0.0.1", otherCaPem)))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(causes(e)).containsPattern("(?i)certificat|PKIX|SSL"));
        assertThatThrownBy(() -> connect(jdbcUrl("127.0.0.2", caPem)))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(causes(e)).contains("127.0.0.2"));
    }

    @Test
    void theBrokerIsRefusedUnderAnotherCaAndAWrongTruststorePasswordFailsAtOnce() {
        Map<String, Object> props = new HashMap<>(KafkaConnection.from(Environment.of(tlsSettings(otherTruststore, PASSWORD)))
                .clientProperties());
        props.put("default.api.timeout.ms", "10000");
        props.put("request.timeout.ms", "5000");
        try (Admin admin = Admin.create(props)) {
            assertThatThrownBy(() -> admin.listTopics(new ListTopicsOptions().timeoutMs(10_000)).names().get(15, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(causes(e)).containsPattern("(?i)SSL handshake failed|PKIX|certificat"));
        }
        Map<String, Object> wrongPassword = new HashMap<>(KafkaConnection.from(Environment.of(
                tlsSettings(truststore, "not-the-password"))).clientProperties());
        assertThatThrownBy(() -> Admin.create(wrongPassword).close())
                .satisfies(e -> assertThat(causes(e)).containsPattern("(?i)truststore|keystore"));
    }

    @Test
    void saslSettingsReachTheClient() {
        Map<String, String> vars = new HashMap<>(tlsSettings(truststore, PASSWORD));
        vars.put(ClusterSettings.KAFKA_SECURITY_PROTOCOL.name(), "SASL_SSL");
        vars.put(ClusterSettings.KAFKA_SASL_MECHANISM.name(), "SCRAM-SHA-512");
        vars.put(ClusterSettings.KAFKA_SASL_JAAS_CONFIG.name(), "not a JAAS configuration");
        Map<String, Object> props = KafkaConnection.from(Environment.of(vars)).clientProperties();
        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", truststore.toString());
        // The client parses the JAAS text when it is built: a malformed one fails there, so it did arrive.
        assertThatThrownBy(() -> Admin.create(new HashMap<>(props)).close())
                .satisfies(e -> assertThat(causes(e)).containsPattern("(?i)jaas|login module"));
        vars.put(ClusterSettings.KAFKA_SASL_JAAS_CONFIG.name(), "org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"vasco\" password=\"secret\";");
        Admin.create(new HashMap<>(KafkaConnection.from(Environment.of(vars)).clientProperties())).close(Duration.ZERO);
    }

    private static Map<String, String> tlsSettings(Path trust, String password) {
        return Map.of(ClusterSettings.KAFKA_BOOTSTRAP.name(), broker.bootstrapServers(),
                ClusterSettings.KAFKA_SECURITY_PROTOCOL.name(), "SSL",
                ClusterSettings.KAFKA_SSL_TRUSTSTORE_LOCATION.name(), trust.toString(),
                ClusterSettings.KAFKA_SSL_TRUSTSTORE_PASSWORD.name(), password);
    }

    private static String jdbcUrl(String host, Path rootCert) {
        return "jdbc:postgresql://" + host + ":" + postgres.getPort() + "/postgres?sslmode=verify-full&sslrootcert=" + rootCert
                + "&connectTimeout=10";
    }

    private static void connect(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            c.isValid(5);
        }
    }

    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    /**
     * Starts the JDK's keytool (an argument list, no shell) making a self-signed EC key pair in {@code <alias>.p12};
     * the two stores are made at once.
     */
    private static Process keypair(String alias, String subjectAlternativeNames) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-validity", "2", "-dname", "CN=" + alias, "-ext", subjectAlternativeNames,
                "-keystore", dir.resolve(alias + ".p12").toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD).redirectErrorStream(true).start();
    }

    private static Path finished(Process keytool, String alias) throws IOException, InterruptedException {
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        return dir.resolve(alias + ".p12");
    }

    private static KeyStore load(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static Certificate certificate(Path keystore, String alias) throws Exception {
        return load(keystore).getCertificate(alias);
    }

    private static PrivateKey privateKey(Path keystore, String alias) throws Exception {
        return (PrivateKey) load(keystore).getKey(alias, PASSWORD.toCharArray());
    }

    private static Path truststoreOf(Path keystore, String alias, Path target) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(alias + "-ca", certificate(keystore, alias));
        try (OutputStream out = Files.newOutputStream(target)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return target;
    }

    private static Path pem(byte[] der, String type, Path target) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(target, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }
}
