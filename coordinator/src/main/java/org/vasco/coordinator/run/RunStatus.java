package org.vasco.coordinator.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a run's progress.
 *
 * @param runId         the run
 * @param mode          its mode label
 * @param createdAt     when it was submitted
 * @param steps         its step graph, in order
 * @param tiles         how many tiles it covers
 * @param counts        per step (in step order), how its tiles stand
 * @param finishedTiles tiles in a final state: last step DONE, or any step FAILED or SKIPPED
 * @param ratePerMinute tiles that reached a final state per minute over the recent window
 * @param failedTiles   every FAILED tile step, with its reason
 * @param profile       its science profile label
 */
public record RunStatus(String runId, String mode, Instant createdAt, List<String> steps, int tiles,
                        Map<String, StepCounts> counts, int finishedTiles, double ratePerMinute,
                        List<FailedTile> failedTiles, String profile) {

    /** True when every tile of the run is in a final state. */
    public boolean complete() {
        return finishedTiles == tiles;
    }

    /** Time to finish the remaining tiles at the current rate; empty when nothing is finishing. */
    public Optional<Duration> eta() {
        if (complete()) {
            return Optional.of(Duration.ZERO);
        }
        if (ratePerMinute <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Math.round((tiles - finishedTiles) / ratePerMinute * 60.0)));
    }
}
