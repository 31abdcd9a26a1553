package org.vasco.local.bench;

import java.util.List;
import java.util.Map;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.task.Step;
import org.vasco.local.cluster.StageRegistry;

/**
 * A stage that does nothing but complete: what is left of a step is the framework's own work (decode, claim,
 * complete, queue the next step, publish it). Used only by {@code vasco bench framework}; never wired in production.
 */
final class CompletingStage implements TileStage {

    private final Step step;

    CompletingStage(Step step) {
        this.step = step;
    }

    /** Workers running this stage for every step of the local distribution. */
    static StageRegistry everyStep() {
        StageRegistry registry = StageRegistry.empty();
        for (Step s : StageRegistry.WORKER_STEPS) {
            registry = registry.with(s, (env, metrics) -> WorkerService.start(env, new CompletingStage(s), List.of(), metrics));
        }
        return registry;
    }

    @Override
    public Step step() {
        return step;
    }

    @Override
    public StageResult run(StageContext context) {
        return StageResult.done(Map.of());
    }
}
