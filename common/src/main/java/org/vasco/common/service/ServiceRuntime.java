package org.vasco.common.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.db.Database;
import org.vasco.common.stage.OutboxPublisher;

/**
 * What every long-running service has, started in a fixed order: the migrated database pool, the Kafka admin
 * client, the pipeline topics, the outbox publisher, the metrics registry with JVM meters, and the
 * {@link ServiceEndpoint} with database and broker readiness. Used by {@link WorkerService} and the
 * coordinator's service. {@link #close()} stops everything in reverse order.
 */
public final class ServiceRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);

    private final Environment env;
    private final KafkaConnection kafka;
    private final MeterRegistry registry;
    private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
    private Database database;
    private Admin admin;
    private OutboxPublisher publisher;
    private ServiceEndpoint endpoint;

    private ServiceRuntime(Environment env, MeterRegistry registry) {
        this.env = env;
        this.kafka = KafkaConnection.from(env);
        this.registry = registry;
    }

    /**
     * Starts the shared parts of a service named {@code service} (used for the pool name and logs).
     *
     * @param registryOrNull the registry to record into, or null to create a {@link PrometheusMeterRegistry}
     * @param extraChecks    readiness checks besides database and broker
     */
    public static ServiceRuntime start(Environment env, String service, MeterRegistry registryOrNull,
                                       List<ReadinessCheck> extraChecks) {
        MeterRegistry registry = registryOrNull != null ? registryOrNull : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServiceRuntime runtime = new ServiceRuntime(env, registry);
        try {
            runtime.open(service, extraChecks);
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void open(String service, List<ReadinessCheck> extraChecks) {
        bindJvmMetrics();
        database = Database.open(JdbcConnection.from(env), service).migrate();
        closeOrder.push(database);
        admin = Admin.create(new HashMap<>(kafka.clientProperties()));
        closeOrder.push(() -> admin.close(Duration.ofSeconds(5)));
        TopicSetup.ensure(admin, env.get(ClusterSettings.TOPIC_PARTITIONS), env.get(ClusterSettings.TOPIC_REPLICATION));
        if (env.get(FrameworkSettings.OUTBOX_PUBLISHER)) {
            publisher = new OutboxPublisher(database, kafka, env.get(FrameworkSettings.OUTBOX_POLL),
                    env.get(FrameworkSettings.OUTBOX_BATCH), env.get(FrameworkSettings.OUTBOX_SEND_TIMEOUT), registry).start();
            closeOrder.push(publisher);
            bindClient(publisher.producer());
        }
        List<ReadinessCheck> checks = new ArrayList<>();
        checks.add(ReadinessCheck.of("database", database::isReachable));
        checks.add(ReadinessCheck.of("broker", this::brokerReachable));
        checks.addAll(extraChecks);
        try {
            HttpDeadlines.apply(env.get(ClusterSettings.HTTP_TIMEOUT));
            endpoint = ServiceEndpoint.start(env.get(ClusterSettings.HTTP_BIND), env.get(ClusterSettings.HTTP_PORT), registry, checks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        closeOrder.push(endpoint);
        LOG.info("Service {} started: kafka={} database={} http_port={}", service, kafka, JdbcConnection.from(env),
                endpoint.port());
    }

    private void bindJvmMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeOrder.push(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Publishes the producer's own metrics (request rates, errors) until the service closes. */
    private void bindClient(Producer<?, ?> producer) {
        KafkaClientMetrics m = new KafkaClientMetrics(producer);
        m.bindTo(registry);
        closeOrder.push(m);
    }

    /** Registers something to close before everything opened so far (services add their loops). */
    public void closeFirst(AutoCloseable resource) {
        closeOrder.push(resource);
    }

    private boolean brokerReachable() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }

    public Environment environment() {
        return env;
    }

    public KafkaConnection kafka() {
        return kafka;
    }

    public Database database() {
        return database;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    /** This service's outbox publisher, or empty when {@code VASCO_OUTBOX_PUBLISHER} is off. */
    public Optional<OutboxPublisher> publisher() {
        return Optional.ofNullable(publisher);
    }

    /** Closes everything, most recently started first; failures are logged and do not stop the rest. */
    @Override
    public void close() {
        while (!closeOrder.isEmpty()) {
            AutoCloseable next = closeOrder.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", next, e.toString());
            }
        }
    }
}
