package org.vasco.coordinator.run;

/**
 * How a run's tiles stand at one step.
 *
 * @param pending tiles that have not reached this step yet (no row for it)
 * @param queued  waiting to be claimed, including failed attempts waiting for their retry
 * @param running claimed by a worker
 * @param done    completed
 * @param failed  failed after their last attempt
 * @param skipped ended here without error (e.g. not a POSS-I E cut-out)
 */
public record StepCounts(int pending, int queued, int running, int done, int failed, int skipped) {
}
