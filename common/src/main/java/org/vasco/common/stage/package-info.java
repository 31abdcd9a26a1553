/**
 * The stage framework: the one {@link org.vasco.common.stage.TileStage} interface every worker implements, and
 * the machinery that runs it reliably: {@link org.vasco.common.stage.StageLoop} (consume, claim with a lease,
 * run, settle in one transaction, commit the offset), {@link org.vasco.common.stage.StepClaims} (the fenced
 * {@code run_tile} transitions), the transactional {@link org.vasco.common.stage.Outbox} and its
 * {@link org.vasco.common.stage.OutboxPublisher}, {@link org.vasco.common.stage.DeadLetter}s, and the loop's meters
 * ({@link org.vasco.common.stage.StepMetrics}, named by {@link org.vasco.common.metrics.MetricNames}).
 */
package org.vasco.common.stage;
