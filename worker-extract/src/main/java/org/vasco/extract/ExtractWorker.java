package org.vasco.extract;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.service.ReadinessCheck;
import org.vasco.common.service.StageFactory;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.DetectionCounts;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.Step;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.pipeline.ExtractionResult;
import org.vasco.extract.pipeline.SurvivorMeasurement;
import org.vasco.extract.stage.ExtractStage;
import org.vasco.extract.stage.MeasureStage;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolNotFoundException;

/**
 * {@code vasco worker extract}: consumes {@code vasco.tile.extract}, runs {@link ExtractStage}, and (through
 * the stage loop and the run's step graph) enqueues {@code vasco.tile.xmatch}. {@link #startMeasure} is
 * {@code vasco worker measure}: the fast path's {@link MeasureStage} on {@code vasco.tile.measure}.
 *
 * <p>Extraction is CPU-bound and each tool single-threaded, so unless {@code VASCO_CONCURRENCY} is set
 * this worker runs one tile per core. The binaries are located and their versions asked before the
 * worker starts consuming: a missing tool stops start-up with a message naming the setting to fix.
 */
public final class ExtractWorker {

    private ExtractWorker() {
    }

    /**
     * Starts the worker.
     *
     * @param registryOrNull where to record metrics, or null for a Prometheus registry
     * @throws ToolNotFoundException when SExtractor or PSFEx is missing or does not answer {@code -v}
     * @throws IOException           when the configured configuration directory cannot be read
     */
    public static WorkerService start(Environment env, MeterRegistry registryOrNull)
            throws ToolNotFoundException, IOException, InterruptedException {
        Environment effective = withDefaultConcurrency(env);
        ExtractStage stage = createStage(effective);
        return WorkerService.start(effective, Step.EXTRACT, counted(stage),
                List.of(ReadinessCheck.of("extraction-tools", stage::toolsAvailable)), registryOrNull);
    }

    /**
     * The stage the extract worker runs, built from the service's wiring (for mains that start the worker their own way).
     *
     * @throws ToolNotFoundException when SExtractor or PSFEx is missing or does not answer {@code -v}
     * @throws IOException           when the configured configuration directory cannot be read
     */
    public static StageFactory stageFactory(Environment env) throws ToolNotFoundException, IOException, InterruptedException {
        return counted(createStage(withDefaultConcurrency(env)));
    }

    private static ExtractStage createStage(Environment effective)
            throws ToolNotFoundException, IOException, InterruptedException {
        return ExtractStage.create(effective, new ArtefactStore(effective.get(ClusterSettings.DATA)), ToolLocator.system());
    }

    private static StageFactory counted(ExtractStage stage) {
        return wiring -> DetectionCounts.of(stage, wiring.registry(), Map.of(ExtractionResult.PASS2_DETECTIONS, "pass2",
                ExtractionResult.POSITION_DETECTIONS, "positions"));
    }

    /**
     * Starts the fast path's measure worker ({@code vasco.tile.measure}, {@link MeasureStage}): it runs SExtractor
     * with the extract step's configuration, so it lives in this module and this image.
     *
     * @param registryOrNull where to record metrics, or null for a Prometheus registry
     * @throws ToolNotFoundException when SExtractor or PSFEx is missing or does not answer {@code -v}
     * @throws IOException           when the configured configuration directory cannot be read
     */
    public static WorkerService startMeasure(Environment env, MeterRegistry registryOrNull)
            throws ToolNotFoundException, IOException, InterruptedException {
        Environment effective = withDefaultConcurrency(env);
        MeasureStage stage = createMeasureStage(effective);
        return WorkerService.start(effective, Step.MEASURE, counted(stage),
                List.of(ReadinessCheck.of("extraction-tools", stage::toolsAvailable)), registryOrNull);
    }

    /**
     * The stage the measure worker runs, built from the service's wiring (for mains that start the worker their own way).
     *
     * @throws ToolNotFoundException when SExtractor or PSFEx is missing or does not answer {@code -v}
     * @throws IOException           when the configured configuration directory cannot be read
     */
    public static StageFactory measureStageFactory(Environment env)
            throws ToolNotFoundException, IOException, InterruptedException {
        return counted(createMeasureStage(withDefaultConcurrency(env)));
    }

    private static MeasureStage createMeasureStage(Environment effective)
            throws ToolNotFoundException, IOException, InterruptedException {
        return MeasureStage.create(effective, new ArtefactStore(effective.get(ClusterSettings.DATA)), ToolLocator.system());
    }

    private static StageFactory counted(MeasureStage stage) {
        return wiring -> DetectionCounts.of(stage, wiring.registry(), Map.of(SurvivorMeasurement.Result.MEASURED, "measured"));
    }

    /** The environment with {@code VASCO_CONCURRENCY} defaulted to the number of cores (see {@link ExtractSettings#concurrency()}). */
    static Environment withDefaultConcurrency(Environment env) {
        return env.isSet(ClusterSettings.CONCURRENCY) ? env
                : env.with(ClusterSettings.CONCURRENCY.name(), Integer.toString(ExtractSettings.from(env).concurrency()));
    }

    /**
     * The slim main of the extract worker's container image: no argument or {@code extract} serves the extract
     * step, {@code measure} the fast path's measure step (the {@code worker-measure} Deployment runs this image so).
     */
    public static void main(String[] args) throws Exception {
        String step = args.length == 0 ? Step.EXTRACT.label() : args[0];
        if (args.length > 1 || !(step.equals(Step.EXTRACT.label()) || step.equals(Step.MEASURE.label()))) {
            System.err.println("usage: ExtractWorker [" + Step.EXTRACT.label() + "|" + Step.MEASURE.label() + "], got "
                    + String.join(" ", args));
            System.exit(2);
        }
        (step.equals(Step.MEASURE.label()) ? startMeasure(Environment.system(), null) : start(Environment.system(), null))
                .closeOnShutdown();
    }
}
