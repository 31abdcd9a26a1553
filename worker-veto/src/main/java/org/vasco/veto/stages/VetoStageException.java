package org.vasco.veto.stages;

/**
 * A stage could not judge its batch (a service failed after its retries, a garbled reply, a local
 * catalogue that was never imported). The whole batch fails: no candidate is passed through unchecked.
 * {@link #isRetriable()} says whether a later attempt may succeed.
 */
public class VetoStageException extends Exception {

    private final String stage;
    private final boolean retriable;

    public VetoStageException(String stage, boolean retriable, String message, Throwable cause) {
        super(stage + ": " + message, cause);
        this.stage = stage;
        this.retriable = retriable;
    }

    public String stage() {
        return stage;
    }

    public boolean isRetriable() {
        return retriable;
    }
}
