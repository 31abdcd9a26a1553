package org.vasco.common.stage;

/**
 * A failed stage attempt. The subtype decides what the loop does; never the message text.
 * {@link #reason()} is a short code stored with the tile (e.g. {@code REJECT_NON_FITS}).
 */
public abstract sealed class StageException extends Exception permits TransientStageException, PermanentStageException {

    private final String reason;

    protected StageException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
