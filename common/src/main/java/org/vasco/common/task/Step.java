package org.vasco.common.task;

import java.util.Locale;
import org.vasco.common.text.UntrustedText;

/**
 * The per-tile steps of the pipeline, each consumed by one worker type from its own topic.
 * The order of steps for a run comes from the run's mode (stored in {@code run.steps}), never from here.
 */
public enum Step {
    DOWNLOAD("vasco.tile.download"),
    EXTRACT("vasco.tile.extract"),
    XMATCH("vasco.tile.xmatch"),
    MEASURE("vasco.tile.measure"),
    VETO("vasco.tile.veto");

    /** Dead-letter topic: tasks that failed after their last attempt, with the reason. */
    public static final String DLQ_TOPIC = "vasco.tile.dlq";

    private final String topic;

    Step(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** The lower-case name used in the database, metrics and the CLI. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Step fromLabel(String label) {
        for (Step s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown step " + UntrustedText.quoted(label) + ": expected one of download, extract, xmatch, measure, veto");
    }
}
