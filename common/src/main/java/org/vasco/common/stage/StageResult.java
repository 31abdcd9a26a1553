package org.vasco.common.stage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a successful stage run.
 *
 * @param outcome  {@link StepOutcome#DONE} (continue to the next step) or {@link StepOutcome#SKIPPED} (final, not an error)
 * @param reason   a short code for the record, e.g. {@code NOT_POSS1_E}; may be null for DONE
 * @param metrics  numbers and short strings stored in {@code run_tile.metrics}
 * @param effects  database writes committed in the same transaction that marks the step done
 */
public record StageResult(StepOutcome outcome, String reason, Map<String, Object> metrics, List<DbEffect> effects) {

    public StageResult {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome != StepOutcome.DONE && outcome != StepOutcome.SKIPPED) {
            throw new IllegalArgumentException("A stage result is DONE or SKIPPED; failures are exceptions: " + outcome);
        }
        metrics = Map.copyOf(metrics);
        effects = List.copyOf(effects);
    }

    public static StageResult done(Map<String, Object> metrics, List<DbEffect> effects) {
        return new StageResult(StepOutcome.DONE, null, metrics, effects);
    }

    public static StageResult done(Map<String, Object> metrics) {
        return done(metrics, List.of());
    }

    public static StageResult skipped(String reason, Map<String, Object> metrics, List<DbEffect> effects) {
        return new StageResult(StepOutcome.SKIPPED, reason, metrics, effects);
    }

    /** A database write that belongs to the step's completing transaction. */
    @FunctionalInterface
    public interface DbEffect {
        void apply(Connection connection) throws SQLException;
    }
}
