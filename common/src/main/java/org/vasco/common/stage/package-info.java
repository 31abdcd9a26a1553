/**
 * The stage framework: the one {@link org.vasco.common.stage.TileStage} interface every worker implements, and
 * the machinery that runs it reliably: {@link org.vasco.common.stage.StageLoop} (task slots in a Kafka share group,
 * each a {@link org.vasco.common.stage.TaskSlot} holding one record; claim with a lease, run, settle in one
 * transaction, then acknowledge the record), {@link org.vasco.common.stage.StepRunner} (one record to its committed
 * outcome), {@link org.vasco.common.stage.StepClaims} (the fenced {@code run_tile} transitions),
 * {@link org.vasco.common.stage.ClaimFence} (artefacts into place only while the claim holds), the transactional
 * {@link org.vasco.common.stage.Outbox} and its {@link org.vasco.common.stage.OutboxPublisher},
 * {@link org.vasco.common.stage.DeadLetter}s, and the loop's meters ({@link org.vasco.common.stage.StepMetrics}, named
 * by {@link org.vasco.common.metrics.MetricNames}).
 */
package org.vasco.common.stage;
