package org.vasco.download;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.vasco.common.config.Environment;
import org.vasco.common.service.StageFactory;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;

/**
 * {@code vasco worker download}: consumes {@code vasco.tile.download}, runs {@link DownloadStage} (cut-outs under
 * {@code tiles/<tile_id>/raw/}, the header registry in {@code tile_download}) and, through the stage loop and the
 * run's step graph, enqueues {@code vasco.tile.extract}. Settings: the cluster's ({@code VASCO_KAFKA_…},
 * {@code VASCO_JDBC_…}, {@code VASCO_DATA}, {@code VASCO_CONCURRENCY}, …) and {@link DownloadSettings}
 * ({@code VASCO_DSS_URL}, which the local cluster points at its loopback DSS server). {@link #start} is this
 * module's {@link org.vasco.common.service.WorkerLauncher}.
 */
public final class DownloadWorker {

    private DownloadWorker() {
    }

    /**
     * Starts the worker; its stage shares the service's database pool, storage and metrics registry.
     *
     * @param registryOrNull where to record metrics (the DSS requests' and the loop's), or null for a Prometheus registry
     * @throws org.vasco.common.config.ConfigurationException naming a missing or invalid setting, before anything connects
     */
    public static WorkerService start(Environment env, MeterRegistry registryOrNull) {
        return WorkerService.start(env, Step.DOWNLOAD, stageFactory(env), List.of(), registryOrNull);
    }

    /**
     * The stage this worker runs, built from the service's wiring (for mains that start the worker their own way).
     *
     * @throws org.vasco.common.config.ConfigurationException naming a missing or invalid setting
     */
    public static StageFactory stageFactory(Environment env) {
        DownloadSettings.from(env);
        return DownloadStage::create;
    }

    /** The slim main of the download worker's container image. */
    public static void main(String[] args) {
        start(Environment.system(), null).closeOnShutdown();
    }
}
