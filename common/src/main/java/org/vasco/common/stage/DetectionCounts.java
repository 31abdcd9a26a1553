package org.vasco.common.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Function;
import org.vasco.common.metrics.MetricNames;

/**
 * A stage that also counts, in {@link MetricNames#DETECTIONS}, how many detections, survivors and candidates
 * each of its sub-stages left: read from the numbers its DONE results report in {@code run_tile.metrics}, so
 * the stage itself stays free of metrics code. Counted when the stage returns (a DONE whose transaction then
 * fails and is retried counts twice). Thread-safe when the wrapped stage is.
 */
public final class DetectionCounts implements TileStage {

    private final TileStage stage;
    private final MeterRegistry registry;
    private final Function<String, String> stageOfKey;

    /**
     * @param stageOfKey the {@code stage} tag a result metric's key counts under, or null for keys that are no count
     * @param expected   the tags to register at zero now, so the scrape shows them before the first tile
     */
    public DetectionCounts(TileStage stage, MeterRegistry registry, Function<String, String> stageOfKey, Iterable<String> expected) {
        this.stage = stage;
        this.registry = registry;
        this.stageOfKey = stageOfKey;
        expected.forEach(this::counter);
    }

    /** Counts the keys of {@code keys} under their mapped stage tags (all registered at zero at once). */
    public static DetectionCounts of(TileStage stage, MeterRegistry registry, Map<String, String> keys) {
        return new DetectionCounts(stage, registry, keys::get, keys.values());
    }

    @Override
    public org.vasco.common.task.Step step() {
        return stage.step();
    }

    @Override
    public StageResult run(StageContext context) throws StageException, InterruptedException {
        StageResult result = stage.run(context);
        if (result.outcome() == StepOutcome.DONE) {
            result.metrics().forEach((key, value) -> {
                String tag = stageOfKey.apply(key);
                if (tag != null && value instanceof Number n && n.doubleValue() >= 0) {
                    counter(tag).increment(n.doubleValue());
                }
            });
        }
        return result;
    }

    private Counter counter(String tag) {
        return Counter.builder(MetricNames.DETECTIONS).tag("step", stage.step().label()).tag("stage", tag)
                .description("Detections, survivors and candidates left after each stage").register(registry);
    }
}
