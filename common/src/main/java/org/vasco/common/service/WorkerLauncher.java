package org.vasco.common.service;

import io.micrometer.core.instrument.MeterRegistry;
import org.vasco.common.config.Environment;

/**
 * Starts one worker type: each worker module has one ({@code DownloadWorker::start}, {@code ExtractWorker::start},
 * …) that builds its stage and readiness checks and hands them to {@link WorkerService}. The container mains and
 * the local distribution both start workers through it.
 */
@FunctionalInterface
public interface WorkerLauncher {

    /**
     * @param registryOrNull where to record metrics, or null for the worker's own Prometheus registry
     * @throws Exception when the worker cannot start (missing binaries, unreachable broker, bad settings);
     *                   the message says which and how to fix it
     */
    WorkerService start(Environment env, MeterRegistry registryOrNull) throws Exception;
}
