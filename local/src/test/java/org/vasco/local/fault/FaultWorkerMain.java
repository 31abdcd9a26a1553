package org.vasco.local.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vasco.common.config.Environment;
import org.vasco.common.service.StageFactory;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.download.DownloadWorker;
import org.vasco.extract.ExtractWorker;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.veto.VetoWorker;
import org.vasco.xmatch.XmatchWorker;

/**
 * The test-only main of a worker process that {@link WorkerProcess} starts, so fault tests can kill a worker
 * for real (SIGKILL, SIGTERM). Arguments: {@code <step> <ready-file> [<n> <halt-marker>]}. Settings come from
 * the {@code VASCO_…} environment variables, as in the container images.
 * <ul>
 *   <li>Without {@code n}: the production worker of the step ({@link StageRegistry#bundled()}), with the
 *       production shutdown hook: SIGTERM stops it gracefully.</li>
 *   <li>With {@code n}: the same stage wrapped in {@link HaltAfterResult}, so the process halts right after its
 *       {@code n}-th result, before the step's transaction.</li>
 * </ul>
 * The ready file is written once the worker's consumer holds partitions (tasks published from then on are seen).
 */
public final class FaultWorkerMain {

    private FaultWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 4) {
            throw new IllegalArgumentException("usage: FaultWorkerMain <step> <ready-file> [<halt-after-n> <halt-marker>]");
        }
        Step step = Step.fromLabel(args[0]);
        Path ready = Path.of(args[1]);
        Environment env = Environment.system();
        WorkerService worker;
        if (args.length == 2) {
            worker = StageRegistry.bundled().launcherFor(step).start(env, null);
        } else {
            int n = Integer.parseInt(args[2]);
            Path marker = Path.of(args[3]);
            StageFactory real = realStage(step, env);
            worker = WorkerService.start(env, step, wiring -> new HaltAfterResult(real.create(wiring), n, marker),
                    List.of(), null);
        }
        worker.closeOnShutdown();
        ScheduledExecutorService readiness = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ready-file");
            t.setDaemon(true);
            return t;
        });
        readiness.scheduleWithFixedDelay(() -> {
            if (worker.isConsuming()) {
                try {
                    Files.writeString(ready, worker.owner() + "\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                readiness.shutdown();
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    private static StageFactory realStage(Step step, Environment env) throws Exception {
        return switch (step) {
            case DOWNLOAD -> DownloadWorker.stageFactory(env);
            case EXTRACT -> ExtractWorker.stageFactory(env);
            case MEASURE -> ExtractWorker.measureStageFactory(env);
            case XMATCH -> XmatchWorker.stageFactory(env);
            case VETO -> VetoWorker.stageFactory(env);
        };
    }
}
