package org.vasco.testkit.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

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
                        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                        .run();
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded Kafka broker in " + logDir + ": " + e.getMessage(), e);
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
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", "1");
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
