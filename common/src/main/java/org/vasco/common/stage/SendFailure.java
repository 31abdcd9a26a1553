package org.vasco.common.stage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.vasco.common.text.UntrustedText;

/**
 * Why the broker did not take one outbox row, and whether sending it again can ever work.
 *
 * <p>Permanent: the record is larger than the producer's {@code max.request.size} (or the broker's
 * {@code message.max.bytes}), the topic's name is invalid, the topic does not exist (the publisher confirms that with
 * the broker before saying so), the service may not write to it (a missing WRITE ACL), or the broker rejects the
 * record itself. Everything else — timeouts, a broker that is down or electing a leader, a full buffer — is transient:
 * the row is sent again later.
 *
 * @param reason    a {@link Reason}
 * @param error     the broker's or the client's error, printable and bounded
 */
public record SendFailure(Reason reason, String error) {

    /** The kinds of failure, as counted in {@code vasco_outbox_failed_total{reason}}. */
    public enum Reason {
        /** Larger than the producer or the broker accepts. */
        RECORD_TOO_LARGE(true),
        /** The service may not write to the topic (or see it). */
        NOT_AUTHORISED(true),
        /** No such topic, confirmed by the broker (topics are never created on first use). */
        TOPIC_MISSING(true),
        /** A topic name the broker refuses. */
        INVALID_TOPIC(true),
        /** The broker refused the record itself. */
        INVALID_RECORD(true),
        /** Anything that may pass: sent again after a backoff. */
        TRANSIENT(false);

        private final boolean permanent;

        Reason(boolean permanent) {
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }

        /** The label of the metric's {@code reason} tag. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The reasons a row can be marked failed for. */
        public static List<Reason> permanentOnes() {
            return Arrays.stream(values()).filter(Reason::permanent).toList();
        }
    }

    /** Longest error text recorded on a row. */
    static final int ERROR_CAP = 500;

    public SendFailure {
        error = UntrustedText.printable(error, ERROR_CAP);
    }

    /** True when sending the row again can never work. */
    public boolean permanent() {
        return reason.permanent();
    }

    /** What {@code outbox.failure} says. */
    public String describe() {
        return reason.name() + ": " + error;
    }

    /**
     * Classifies a failed send. A metadata timeout ("not present in metadata") is permanent only when the broker
     * confirms the topic does not exist; {@code topicMissing} is asked only then.
     */
    static SendFailure of(Throwable failure, String topic, TopicCheck topicMissing) {
        Throwable e = failure instanceof ExecutionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
            return new SendFailure(Reason.RECORD_TOO_LARGE, text);
        }
        if (e instanceof AuthorizationException) {
            return new SendFailure(Reason.NOT_AUTHORISED, text);
        }
        if (e instanceof InvalidTopicException) {
            return new SendFailure(Reason.INVALID_TOPIC, text);
        }
        if (e instanceof InvalidRecordException || e instanceof SerializationException) {
            return new SendFailure(Reason.INVALID_RECORD, text);
        }
        if (e instanceof TimeoutException && String.valueOf(e.getMessage()).contains("not present in metadata")
                && topicMissing.missing(topic)) {
            return new SendFailure(Reason.TOPIC_MISSING, text + " (the broker has no such topic)");
        }
        return new SendFailure(Reason.TRANSIENT, text);
    }

    /** Asks the broker whether a topic exists; false when it cannot tell (then the failure stays transient). */
    @FunctionalInterface
    interface TopicCheck {
        boolean missing(String topic);
    }
}
