package org.vasco.common.stage;

/** The attempt failed but another may succeed (network, throttling, disk full, a tool timeout): retry with backoff. */
public final class TransientStageException extends StageException {

    public TransientStageException(String reason, String message) {
        super(reason, message, null);
    }

    public TransientStageException(String reason, String message, Throwable cause) {
        super(reason, message, cause);
    }
}
