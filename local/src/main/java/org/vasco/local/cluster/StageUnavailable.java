package org.vasco.local.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.task.Step;

/**
 * The stand-in for a step whose stage is not part of this build: every task it receives fails permanently
 * with {@value #REASON} and an ERROR log, so a run shows plainly where the pipeline stops instead of
 * pretending the step was done. Thread-safe.
 */
public final class StageUnavailable implements TileStage {

    public static final String REASON = "STAGE_NOT_AVAILABLE";
    private static final Logger LOG = LoggerFactory.getLogger(StageUnavailable.class);

    private final Step step;

    public StageUnavailable(Step step) {
        this.step = step;
    }

    @Override
    public Step step() {
        return step;
    }

    @Override
    public StageResult run(StageContext context) throws PermanentStageException {
        String message = step.label() + " worker has no stage in this build: tile " + context.task().tileId()
                + " of run " + context.task().runId() + " cannot be processed at step " + step.label();
        LOG.error("{} ({})", message, REASON);
        throw new PermanentStageException(REASON, message);
    }
}
