package org.vasco.testkit.hostile;

import java.util.Objects;

/**
 * What the cluster must record for one hostile input: the final state of the step (or, outside a step, what
 * the entry point does), the reason code, and a phrase the recorded message must contain — so a case passes
 * only when the input is handled for the right reason, never merely because "something failed".
 *
 * @param outcome  {@code DONE}, {@code SKIPPED} or {@code FAILED} for a tile step; {@code DEAD_LETTERED} for a
 *                 message that never reaches a stage; {@code REFUSED} for an entry point that turns the input
 *                 away; {@code ACCEPTED} for a reply a client uses (possibly after cleaning it)
 * @param reason   the reason code recorded ({@code run_tile.reason}, the dead letter's reason, the client's
 *                 reason), or null when the outcome has none (a DONE step)
 * @param phrase   text the recorded message (error message, refusal, log of the cleaning) must contain
 * @param deadLetter whether a dead letter on {@code vasco.tile.dlq} must name the tile
 */
public record Expected(String outcome, String reason, String phrase, boolean deadLetter) {

    public Expected {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(phrase, "phrase");
    }

    /** The step ends FAILED with this reason, a message containing the phrase, and a dead letter. */
    public static Expected failed(String reason, String phrase) {
        return new Expected("FAILED", reason, phrase, true);
    }

    /** The step ends SKIPPED (final, not a failure) with this reason; no dead letter. */
    public static Expected skipped(String reason, String phrase) {
        return new Expected("SKIPPED", reason, phrase, false);
    }

    /** The step ends DONE; the phrase must appear in what it recorded (metrics or registry row). */
    public static Expected done(String phrase) {
        return new Expected("DONE", null, phrase, false);
    }

    /** The message is dead-lettered before any stage sees it. */
    public static Expected deadLettered(String phrase) {
        return new Expected("DEAD_LETTERED", "MALFORMED", phrase, true);
    }

    /** The entry point refuses the input, writing nothing, with a message containing the phrase. */
    public static Expected refused(String reason, String phrase) {
        return new Expected("REFUSED", reason, phrase, false);
    }

    /** A client accepts the reply (possibly cleaned); the phrase names what it did with it. */
    public static Expected accepted(String phrase) {
        return new Expected("ACCEPTED", null, phrase, false);
    }

    /** A client rejects the reply with this reason; the message contains the phrase. */
    public static Expected rejected(String reason, String phrase) {
        return new Expected("REJECTED", reason, phrase, false);
    }

    /** One line for the corpus index: outcome, reason and phrase. */
    public String describe() {
        return outcome + (reason == null ? "" : " " + reason) + ", \"" + phrase + "\"" + (deadLetter ? " + DLQ" : "");
    }
}
