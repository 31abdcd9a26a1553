package org.vasco.local;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vasco.common.stage.TileStage;
import org.vasco.common.task.Step;

/**
 * Which stage each worker of the local distribution runs. {@link #bundled()} is the one place where a stage
 * is wired in: one {@code .with(Step.X, XStage::create)} line per stage. A step listed without a stage gets a
 * {@link StageUnavailable}, which refuses its tasks loudly. Immutable and thread-safe.
 */
public final class StageRegistry {

    /** The steps the local distribution runs a worker for, in pipeline order. */
    public static final List<Step> WORKER_STEPS = List.of(Step.DOWNLOAD, Step.EXTRACT, Step.XMATCH, Step.VETO);

    private final Map<Step, Supplier<TileStage>> stages;

    private StageRegistry(Map<Step, Supplier<TileStage>> stages) {
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
    public StageRegistry with(Step step, Supplier<TileStage> factory) {
        Map<Step, Supplier<TileStage>> copy = new EnumMap<>(Step.class);
        copy.putAll(stages);
        copy.put(step, factory);
        return new StageRegistry(copy);
    }

    /** A new stage for {@code step}, or a {@link StageUnavailable} when this build has none. */
    public TileStage stageFor(Step step) {
        Supplier<TileStage> factory = stages.get(step);
        if (factory == null) {
            return new StageUnavailable(step);
        }
        TileStage stage = factory.get();
        if (stage.step() != step) {
            throw new IllegalStateException("The stage registered for " + step.label() + " performs " + stage.step().label());
        }
        return stage;
    }

    public boolean hasStage(Step step) {
        return stages.containsKey(step);
    }
}
