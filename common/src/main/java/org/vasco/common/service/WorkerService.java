package org.vasco.common.service;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.stage.LoopSettings;
import org.vasco.common.stage.StageLoop;
import org.vasco.common.stage.StepMetrics;
import org.vasco.common.stage.TileStage;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.Step;

/**
 * A running worker: one {@link TileStage} wired to its topic through a {@link StageLoop}, with the database
 * (migrated on start), the outbox publisher, the pipeline topics and the HTTP endpoint of a
 * {@link ServiceRuntime}. A worker's {@code main} builds its stage and calls {@link #start}, then
 * {@link #close()} from a shutdown hook (SIGTERM).
 *
 * <p>Settings: every {@code ClusterSettings} key, plus {@code VASCO_CONSUMER_GROUP} (default
 * {@code vasco-worker-<step>}) and the other {@code FrameworkSettings}. Thread-safe; close once.
 */
public final class WorkerService implements AutoCloseable {

    private final ServiceRuntime runtime;
    private final StageLoop loop;

    private WorkerService(ServiceRuntime runtime, StageLoop loop) {
        this.runtime = runtime;
        this.loop = loop;
    }

    /**
     * Starts a worker for {@code stage}.
     *
     * @param extraChecks    readiness checks of this worker (e.g. "binaries found"), besides database and broker
     * @param registryOrNull where to record metrics, or null to create a Prometheus registry
     * @throws org.vasco.common.config.ConfigurationException for a missing or invalid setting
     * @throws IllegalStateException when the broker cannot be reached to create the topics
     */
    public static WorkerService start(Environment env, TileStage stage, List<ReadinessCheck> extraChecks,
                                      MeterRegistry registryOrNull) {
        return start(env, stage.step(), wiring -> stage, extraChecks, registryOrNull);
    }

    /**
     * Starts a worker whose stage is built from the service's own database, storage and metrics.
     *
     * @param step the step the factory's stage performs (checked)
     * @see #start(Environment, TileStage, List, MeterRegistry)
     */
    public static WorkerService start(Environment env, Step step, StageFactory factory, List<ReadinessCheck> extraChecks,
                                      MeterRegistry registryOrNull) {
        LoopSettings settings = LoopSettings.from(env, step);
        AtomicReference<StageLoop> started = new AtomicReference<>();
        List<ReadinessCheck> checks = new ArrayList<>(extraChecks);
        checks.add(ReadinessCheck.of("stage-loop", () -> started.get() != null && started.get().isRunning()));
        // A loop that died does not come back: liveness fails so that the kubelet restarts the pod.
        checks.add(ReadinessCheck.vital("consume-loop-alive", () -> started.get() == null || !started.get().hasDied()));
        ServiceRuntime runtime = ServiceRuntime.start(env, "worker-" + step.label(), registryOrNull, checks);
        try {
            TileStage stage = factory.create(new StageWiring(env, runtime.database(),
                    new ArtefactStore(env.get(ClusterSettings.DATA)), runtime.registry(), runtime::closeFirst));
            if (stage.step() != step) {
                throw new IllegalStateException("The stage built for the " + step.label() + " worker performs "
                        + stage.step().label());
            }
            StageLoop loop = new StageLoop(stage, runtime.database(), runtime.kafka(), settings,
                    new StepMetrics(runtime.registry(), step), Clock.systemUTC());
            runtime.publisher().ifPresent(publisher -> loop.afterCommit(publisher::wake));
            started.set(loop);
            runtime.bindClient(loop.consumer());
            runtime.closeFirst(loop);
            return new WorkerService(runtime, loop.start());
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Registers {@link #close()} as a JVM shutdown hook, so SIGTERM stops the worker gracefully; returns this. */
    public WorkerService closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "worker-shutdown"));
        return this;
    }

    /** The bound HTTP port of /metrics and /health. */
    public int httpPort() {
        return runtime.endpoint().port();
    }

    /** True once the consumer holds partitions with resolved positions. */
    public boolean isConsuming() {
        return loop.isConsuming();
    }

    /** The lease owner name this worker writes into {@code run_tile.lease_owner}. */
    public String owner() {
        return loop.settings().owner();
    }

    public MeterRegistry registry() {
        return runtime.registry();
    }

    /**
     * Graceful stop: no new records; running steps finish within {@code VASCO_SHUTDOWN_GRACE}, then are
     * interrupted and their claims released; offsets are committed; the outbox publisher flushes what is due;
     * then everything closes.
     */
    @Override
    public void close() {
        runtime.close();
    }

    /**
     * Simulates {@code kill -9} of this worker (tests): stage threads and lease renewal stop at once, nothing is
     * released or committed, claims stay RUNNING until their lease expires. The rest is closed afterwards.
     */
    public void crash() {
        loop.crash();
        runtime.close();
    }
}
