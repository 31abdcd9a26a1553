package org.vasco.local.cluster;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.service.WorkerLauncher;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.download.DownloadWorker;
import org.vasco.extract.ExtractWorker;
import org.vasco.veto.VetoWorker;
import org.vasco.xmatch.XmatchWorker;

/**
 * Which worker the local distribution and {@code vasco worker <step>} start for each step. {@link #bundled()} is
 * the one place where a worker is wired in: one {@code .with(Step.X, XWorker::start)} line per worker. A step
 * without one gets a worker running {@link StageUnavailable}, which refuses its tasks loudly.
 * Immutable and thread-safe.
 */
public final class StageRegistry {

    /** The steps the local distribution runs a worker for, in pipeline order. */
    public static final List<Step> WORKER_STEPS = List.of(Step.DOWNLOAD, Step.EXTRACT, Step.XMATCH, Step.MEASURE, Step.VETO);

    private final Map<Step, WorkerLauncher> workers;

    private StageRegistry(Map<Step, WorkerLauncher> workers) {
        this.workers = Collections.unmodifiableMap(new EnumMap<>(workers));
    }

    /** The workers of this build. */
    public static StageRegistry bundled() {
        return empty()
                .with(Step.DOWNLOAD, DownloadWorker::start)
                .with(Step.EXTRACT, ExtractWorker::start)
                .with(Step.XMATCH, XmatchWorker::start)
                .with(Step.MEASURE, ExtractWorker::startMeasure)
                .with(Step.VETO, VetoWorker::start);
    }

    /** No stages at all: every worker refuses its tasks (tests of the wiring). */
    public static StageRegistry empty() {
        return new StageRegistry(new EnumMap<>(Step.class));
    }

    /** A copy with {@code step} started by {@code launcher}. */
    public StageRegistry with(Step step, WorkerLauncher launcher) {
        Map<Step, WorkerLauncher> copy = new EnumMap<>(Step.class);
        copy.putAll(workers);
        copy.put(step, launcher);
        return new StageRegistry(copy);
    }

    /** The launcher of the worker for {@code step}, or of one that refuses its tasks when this build has none. */
    public WorkerLauncher launcherFor(Step step) {
        WorkerLauncher launcher = workers.get(step);
        return launcher != null ? launcher
                : (env, registry) -> WorkerService.start(env, new StageUnavailable(step), List.of(), registry);
    }

    public boolean hasStage(Step step) {
        return workers.containsKey(step);
    }
}
