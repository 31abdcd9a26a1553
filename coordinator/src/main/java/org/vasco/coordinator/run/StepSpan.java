package org.vasco.coordinator.run;

import java.time.Instant;

/**
 * One tile step of a run as it stands: its state, attempts and when it started and finished (null until then).
 * The rows of a run's progress over time ({@link ProgressTimeline}) and of its bundle's step timeline.
 */
public record StepSpan(String tileId, String step, String state, int attempt, Instant startedAt, Instant finishedAt) {
}
