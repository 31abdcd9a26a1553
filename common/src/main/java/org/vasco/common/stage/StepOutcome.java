package org.vasco.common.stage;

import java.util.Locale;

/**
 * The one outcome of handling one task message. Set once per message and used both as the
 * {@code outcome} tag of the step metrics and in the one log line per tile step.
 */
public enum StepOutcome {
    /** The step completed; the next step's task is in the outbox. */
    DONE,
    /** A final state that is not an error (e.g. the cut-out is not a POSS-I E plate). */
    SKIPPED,
    /** The attempt failed transiently; a retry is scheduled with backoff. */
    RETRY,
    /** The step failed after its last attempt, or permanently; the task is dead-lettered. */
    FAILED,
    /** The step was not claimable: already done, running elsewhere, or a retry not yet due. */
    DUPLICATE,
    /** Shutdown or a lost lease: the claim was given back for another worker. */
    RELEASED,
    /** The message could not be decoded into a task; dead-lettered. */
    MALFORMED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
