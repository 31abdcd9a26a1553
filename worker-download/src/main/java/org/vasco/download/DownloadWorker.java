package org.vasco.download;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.service.WorkerService;
import org.vasco.common.storage.ArtefactStore;

/**
 * The download worker ({@code vasco worker download}): consumes {@code vasco.tile.download}, stores each
 * accepted cut-out under {@code tiles/<tile_id>/raw/}, records the header registry, and, through the stage
 * loop, queues the run's next step (extraction). Settings: the cluster's ({@code VASCO_KAFKA_…},
 * {@code VASCO_JDBC_…}, {@code VASCO_DATA}, {@code VASCO_CONCURRENCY}, …) and {@link DownloadSettings}
 * ({@code VASCO_DSS_URL}, which the local cluster points at its loopback DSS server). {@link #main} is the
 * container entry point; the local distribution calls {@link #start}. Close once.
 */
public final class DownloadWorker implements AutoCloseable {

    /** The registry lookup before a fetch needs few connections; the loop has its own pool. */
    private static final int REGISTRY_POOL_SIZE = 2;

    private final WorkerService service;
    private final Database registryPool;

    private DownloadWorker(WorkerService service, Database registryPool) {
        this.service = service;
        this.registryPool = registryPool;
    }

    /**
     * Validates the settings, then starts the worker.
     *
     * @param registryOrNull where to record metrics (the DSS client's and the loop's), or null for a new Prometheus registry
     * @throws org.vasco.common.config.ConfigurationException naming a missing or invalid setting
     */
    public static DownloadWorker start(Environment env, MeterRegistry registryOrNull) {
        DownloadSettings settings = DownloadSettings.from(env);
        ArtefactStore store = new ArtefactStore(env.get(ClusterSettings.DATA));
        MeterRegistry registry = registryOrNull != null ? registryOrNull : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JdbcConnection jdbc = JdbcConnection.from(env);
        Database registryPool = Database.open(new JdbcConnection(jdbc.url(), jdbc.user(), jdbc.password(), REGISTRY_POOL_SIZE),
                "worker-download-registry");
        try {
            DownloadStage stage = DownloadStage.create(settings, store, registryPool, registry);
            return new DownloadWorker(WorkerService.start(env, stage, List.of(), registry), registryPool);
        } catch (RuntimeException e) {
            registryPool.close();
            throw e;
        }
    }

    public static void main(String[] args) {
        start(Environment.system(), null).closeOnShutdown();
    }

    /** Registers {@link #close()} as a shutdown hook (SIGTERM stops the worker gracefully); returns this. */
    public DownloadWorker closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "worker-download-shutdown"));
        return this;
    }

    /** The running worker service (health, metrics port, consumer state). */
    public WorkerService service() {
        return service;
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            registryPool.close();
        }
    }
}
