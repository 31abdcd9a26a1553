package org.vasco.common.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.task.Step;

/**
 * The stage loop's meters for one step: completions and durations by outcome, claims, dead letters,
 * rebalances and whether the consume loop died. Thread-safe (Micrometer meters are).
 */
public final class StepMetrics {

    private final MeterRegistry registry;
    private final String step;
    private final Counter deadLetters;
    private final Counter rebalances;

    public StepMetrics(MeterRegistry registry, Step step) {
        this.registry = registry;
        this.step = step.label();
        this.deadLetters = Counter.builder(MetricNames.DLQ_MESSAGES).tag("step", this.step)
                .description("Tasks sent to the dead-letter topic").register(registry);
        this.rebalances = Counter.builder(MetricNames.CONSUMER_REBALANCES).tag("step", this.step)
                .description("Rebalances that took partitions from this worker").register(registry);
    }

    /** Records the one outcome of one task message and how long handling it took. */
    public void completed(StepOutcome outcome, Duration duration) {
        Counter.builder(MetricNames.STEP_COMPLETED).tag("step", step).tag("outcome", outcome.tag())
                .description("Task messages handled, by outcome").register(registry).increment();
        Timer.builder(MetricNames.STEP_DURATION).tag("step", step).tag("outcome", outcome.tag())
                .description("Time to handle one task message").publishPercentileHistogram()
                .register(registry).record(duration);
    }

    /** Records the result of a claim attempt: claimed, duplicate or lease_exhausted. */
    public void claim(String result) {
        Counter.builder(MetricNames.CLAIMS).tag("step", step).tag("result", result)
                .description("Claim attempts by result").register(registry).increment();
    }

    /** Exports {@code dead} as the gauge {@code vasco_stage_loop_dead{step}}: 1 once the consume loop died, else 0. */
    public void consumeLoop(BooleanSupplier dead) {
        Gauge.builder(MetricNames.STAGE_LOOP_DEAD, dead, d -> d.getAsBoolean() ? 1 : 0).tag("step", step)
                .description("1 when the worker's consume loop stopped without being asked to")
                .strongReference(true).register(registry);
    }

    public void deadLettered() {
        deadLetters.increment();
    }

    public void rebalanced() {
        rebalances.increment();
    }

    public double rebalances() {
        return rebalances.count();
    }
}
