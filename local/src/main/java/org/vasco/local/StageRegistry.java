package org.vasco.local;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.service.StageFactory;
import org.vasco.common.stage.TileStage;
import org.vasco.common.task.Step;

/**
 * Which stage each worker of the local distribution runs. {@link #bundled()} is the one place where a stage
 * is wired in: one {@code .with(Step.X, wiring -> new XStage(…))} line per stage. A step listed without a stage gets a
 * {@link StageUnavailable}, which refuses its tasks loudly. Immutable and thread-safe.
 */
public final class StageRegistry {

    /** The steps the local distribution runs a worker for, in pipeline order. */
    public static final List<Step> WORKER_STEPS = List.of(Step.DOWNLOAD, Step.EXTRACT, Step.XMATCH, Step.VETO);

    private final Map<Step, StageFactory> stages;

    private StageRegistry(Map<Step, StageFactory> stages) {
        this.stages = Collections.unmodifiableMap(new EnumMap<>(stages));
    }

    /** The stages of this build. */
    public static StageRegistry bundled() {
        return empty();
    }

    /** No stages at all: every worker refuses its tasks (tests of the wiring). */
    public static StageRegistry empty() {
        return new StageRegistry(new EnumMap<>(Step.class));
    }

    /** A copy with {@code step} run by the stage {@code factory} makes. */
    public StageRegistry with(Step step, StageFactory factory) {
        Map<Step, StageFactory> copy = new EnumMap<>(Step.class);
        copy.putAll(stages);
        copy.put(step, factory);
        return new StageRegistry(copy);
    }

    /** The factory of the stage for {@code step}, or one of a {@link StageUnavailable} when this build has none. */
    public StageFactory factoryFor(Step step) {
        StageFactory factory = stages.get(step);
        return factory != null ? factory : wiring -> new StageUnavailable(step);
    }

    public boolean hasStage(Step step) {
        return stages.containsKey(step);
    }
}
