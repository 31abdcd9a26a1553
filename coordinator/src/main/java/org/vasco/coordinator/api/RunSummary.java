package org.vasco.coordinator.api;

import java.time.Instant;
import java.util.List;

/**
 * One run in the list of runs.
 *
 * @param runId      the run
 * @param createdAt  when it was submitted
 * @param mode       its mode label
 * @param state      ACTIVE, COMPLETE or FINALISED
 * @param steps      its step graph, in order
 * @param tiles      tiles it covers
 * @param candidates candidate rows it has so far
 * @param profile    its science profile label
 */
public record RunSummary(String runId, Instant createdAt, String mode, String state, List<String> steps, int tiles,
                         int candidates, String profile) {
}
