package org.vasco.common.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.task.Step;

/**
 * The stage loop's meters for one step: completions and durations by outcome, claims, dead letters, the task slots and
 * how busy they are, acknowledgements to the share group, stages left behind, and whether the consume loop died.
 * Thread-safe (Micrometer meters are).
 */
public final class StepMetrics {

    private final MeterRegistry registry;
    private final String step;
    private final Counter deadLetters;

    public StepMetrics(MeterRegistry registry, Step step) {
        this.registry = registry;
        this.step = step.label();
        this.deadLetters = Counter.builder(MetricNames.DLQ_MESSAGES).tag("step", this.step)
                .description("Tasks sent to the dead-letter topic").register(registry);
    }

    /** Records the one outcome of one task message and how long handling it took. */
    public void completed(StepOutcome outcome, Duration duration) {
        Counter.builder(MetricNames.STEP_COMPLETED).tag("step", step).tag("outcome", outcome.tag())
                .description("Task messages handled, by outcome").register(registry).increment();
        Timer.builder(MetricNames.STEP_DURATION).tag("step", step).tag("outcome", outcome.tag())
                .description("Time to handle one task message").publishPercentileHistogram()
                .register(registry).record(duration);
    }

    /** Records the result of a claim attempt: claimed, stranded (claimed from the database by an idle slot), duplicate or lease_exhausted. */
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

    /** Exports the worker's task slots and how many hold a task now. */
    public void slots(int slots, IntSupplier busy) {
        Gauge.builder(MetricNames.STAGE_SLOTS, () -> slots).tag("step", step)
                .description("Task slots of this worker, each holding at most one task").strongReference(true).register(registry);
        Gauge.builder(MetricNames.STAGE_SLOTS_BUSY, busy, IntSupplier::getAsInt).tag("step", step)
                .description("Task slots holding a task now").strongReference(true).register(registry);
    }

    /** Counts one acknowledgement of a task record to the share group. */
    public void acknowledged(AcknowledgeType type) {
        Counter.builder(MetricNames.SHARE_ACKNOWLEDGEMENTS).tag("step", step).tag("type", type.name().toLowerCase(Locale.ROOT))
                .description("Acknowledgements of task records to the share group, by type").register(registry).increment();
    }

    /** Counts a stage that did not return when interrupted and was left behind; {@code cause}: deadline, lease_lost, shutdown. */
    public void abandoned(String cause) {
        Counter.builder(MetricNames.STAGE_ABANDONED).tag("step", step).tag("cause", cause)
                .description("Stages that ignored their interruption and were left behind").register(registry).increment();
    }

    public void deadLettered() {
        deadLetters.increment();
    }
}
