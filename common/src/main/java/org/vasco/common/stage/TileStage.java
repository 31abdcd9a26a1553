package org.vasco.common.stage;

import org.vasco.common.task.Step;

/**
 * One step of the per-tile pipeline: given a task, do the work, return the outcome and metrics.
 * A stage knows nothing of Kafka, claims or retries; the {@link StageLoop} does.
 *
 * <p>Contract: a stage writes its artefacts atomically (temp file + rename) under the tile's storage,
 * so that a crash at any point leaves either the previous state or the complete new one. It returns
 * database effects in its {@link StageResult} instead of writing them itself, so that they commit in
 * the same transaction as the step's DONE. It signals failures by type: {@link TransientStageException}
 * (retry), {@link PermanentStageException} (FAILED and dead-lettered). It must return promptly
 * with {@link InterruptedException} when its thread is interrupted (shutdown).
 * Implementations are called from several threads at once and must be thread-safe.
 */
public interface TileStage {

    /** The step this stage performs, which names its input topic. */
    Step step();

    StageResult run(StageContext context) throws StageException, InterruptedException;
}
