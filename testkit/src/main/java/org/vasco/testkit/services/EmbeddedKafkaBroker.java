package org.vasco.testkit.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.ShareVersion;
import org.vasco.common.stage.EveryMemberEveryPartition;

/**
 * A real single-node KRaft Kafka broker (broker and controller roles) inside this JVM, on loopback.
 * The log directory is formatted once, so a broker restarted on the same directory and ports resumes
 * with its topics and committed offsets (the local cluster's {@code .vasco/} and the fault tests rely on it).
 * Not thread-safe: start and stop from one thread.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;
    private Path tlsKeystore;
    private Path tlsTruststore;
    private String tlsPassword;

    private EmbeddedKafkaBroker(Path logDir, int brokerPort, int controllerPort) {
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** A broker on fresh random loopback ports. */
    public static EmbeddedKafkaBroker onRandomPorts(Path logDir) {
        return new EmbeddedKafkaBroker(logDir, freePort(), freePort());
    }

    /** A broker on given ports (0 = pick one), e.g. the ports recorded by an earlier local cluster. */
    public static EmbeddedKafkaBroker onPorts(Path logDir, int brokerPort, int controllerPort) {
        return new EmbeddedKafkaBroker(logDir, brokerPort == 0 ? freePort() : brokerPort,
                controllerPort == 0 ? freePort() : controllerPort);
    }

    /**
     * Serves clients over TLS instead of plaintext (the controller listener stays internal and plaintext): the
     * broker presents the key and certificate of a PKCS12 {@code keystore} and, as its own client, trusts the CAs
     * of the PKCS12 {@code truststore}; both stores use {@code password}. Call before {@link #start()}.
     */
    public EmbeddedKafkaBroker withTls(Path keystore, Path truststore, String password) {
        this.tlsKeystore = keystore;
        this.tlsTruststore = truststore;
        this.tlsPassword = password;
        return this;
    }

    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(logDir);
            Properties props = properties();
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(1)
                        .setDirectories(List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        // Share groups (KIP-932) carry the workers' tasks: enabled from the start.
                        .setFeatureLevel(ShareVersion.FEATURE_NAME, ShareVersion.LATEST_PRODUCTION.featureLevel())
                        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                        .run();
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            if (tlsKeystore == null) {
                enableShareGroups(); // a TLS broker is a test's, always formatted afresh (with the feature)
            }
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded Kafka broker in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Share groups need the {@code share.version} feature at 1 or more. A log directory formatted with it (every one
     * since share groups carry the tasks) already has it; an older one is upgraded here, as an operator would with
     * {@code kafka-features.sh upgrade --feature share.version=N}.
     */
    private void enableShareGroups() throws Exception {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            FinalizedVersionRange share = admin.describeFeatures().featureMetadata().get(60, TimeUnit.SECONDS)
                    .finalizedFeatures().get(ShareVersion.FEATURE_NAME);
            if (share == null || share.maxVersionLevel() < 1) {
                admin.updateFeatures(Map.of(ShareVersion.FEATURE_NAME, new FeatureUpdate(ShareVersion.LATEST_PRODUCTION.featureLevel(),
                        FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // On one node the internal topics must not ask for more replicas than exist, or groups hang.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Share groups: one member per task slot, so a benchmark's hundreds of slots need more than the default 200
        // members; their state topic needs few partitions on one node; and members learn their assignment within a
        // second, not five (heartbeats of 1 s instead of 5 s), so a worker starts serving promptly.
        p.put("group.share.max.size", "1000");
        p.put("share.coordinator.state.topic.num.partitions", "4");
        p.put("group.share.min.heartbeat.interval.ms", "500");
        p.put("group.share.heartbeat.interval.ms", "1000");
        p.put("group.share.assignment.interval.ms", "200");
        // Every member of a share group serves every partition (up to as many members as partitions), so an idle slot
        // takes any waiting task instead of the one owning its partition (docs/operations.md, "Kafka share groups").
        p.put("group.share.assignors", EveryMemberEveryPartition.class.getName());
        // Lets a test give its group a lock of a few seconds, to see locks renewed without waiting the default 30 s.
        p.put("group.share.min.record.lock.duration.ms", "1000");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // No fsync per append (Kafka's default; it was log.flush.interval.messages=1): a produce of 200 tasks spread over
        // 24 partitions made 24 fsyncs and took 210 ms on average during a 256-slot run, 40 ms without. A broker in this
        // JVM loses nothing when the JVM dies (the page cache stays), only when the machine does, as the embedded
        // PostgreSQL, which runs with fsync off, would anyway.
        if (tlsKeystore != null) {
            p.put("listeners", "SSL://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "SSL://127.0.0.1:" + brokerPort);
            p.put("inter.broker.listener.name", "SSL");
            p.put("listener.security.protocol.map", "SSL:SSL,CONTROLLER:PLAINTEXT");
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", tlsKeystore.toString());
            p.put("ssl.keystore.password", tlsPassword);
            p.put("ssl.key.password", tlsPassword);
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", tlsTruststore.toString());
            p.put("ssl.truststore.password", tlsPassword);
            p.put("ssl.client.auth", "none");
        }
        return p;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
