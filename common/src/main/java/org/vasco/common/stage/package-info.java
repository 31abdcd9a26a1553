/**
 * The stage framework: the one {@link org.vasco.common.stage.TileStage} interface every worker implements, and
 * the machinery that runs it reliably: {@link org.vasco.common.stage.StageLoop} (consume, claim with a lease,
 * run, settle in one transaction, commit the offset), {@link org.vasco.common.stage.StepClaims} (the fenced
 * {@code run_tile} transitions), the transactional {@link org.vasco.common.stage.Outbox} and its
 * {@link org.vasco.common.stage.OutboxPublisher}, and {@link org.vasco.common.stage.DeadLetter}s.
 */
package org.vasco.common.stage;
