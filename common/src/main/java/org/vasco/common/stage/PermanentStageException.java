package org.vasco.common.stage;

/** Retrying cannot help (the input itself is unusable): the step is FAILED at once and dead-lettered. */
public final class PermanentStageException extends StageException {

    public PermanentStageException(String reason, String message) {
        super(reason, message, null);
    }

    public PermanentStageException(String reason, String message, Throwable cause) {
        super(reason, message, cause);
    }
}
