package org.vasco.download;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.vasco.common.config.Environment;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;

/**
 * The download worker ({@code vasco worker download}): consumes {@code vasco.tile.download}, stores each
 * accepted cut-out under {@code tiles/<tile_id>/raw/}, records the header registry, and, through the stage
 * loop, queues the run's next step (extraction). Settings: the cluster's ({@code VASCO_KAFKA_…},
 * {@code VASCO_JDBC_…}, {@code VASCO_DATA}, {@code VASCO_CONCURRENCY}, …) and {@link DownloadSettings}
 * ({@code VASCO_DSS_URL}, which the local cluster points at its loopback DSS server). {@link #main} is the
 * container entry point; the local distribution registers {@link DownloadStage#create(org.vasco.common.service.StageWiring)}
 * as the download stage factory. Close once.
 */
public final class DownloadWorker implements AutoCloseable {

    private final WorkerService service;

    private DownloadWorker(WorkerService service) {
        this.service = service;
    }

    /**
     * Validates the settings, then starts the worker.
     *
     * @param registryOrNull where to record metrics (the DSS client's and the loop's), or null for a new Prometheus registry
     * @throws org.vasco.common.config.ConfigurationException naming a missing or invalid setting
     */
    public static DownloadWorker start(Environment env, MeterRegistry registryOrNull) {
        DownloadSettings.from(env); // check the worker's own settings before connecting anywhere
        return new DownloadWorker(WorkerService.start(env, Step.DOWNLOAD, DownloadStage::create, List.of(), registryOrNull));
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
        service.close();
    }
}
