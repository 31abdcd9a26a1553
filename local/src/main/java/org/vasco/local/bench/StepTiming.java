package org.vasco.local.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One tile step's {@code run_tile} timestamps, all from the database clock ({@code now()}, i.e. the start of the
 * transaction that wrote them): queued by the previous step's completing transaction (or the submission), handed to
 * Kafka by an outbox publisher, claimed by a worker, finished by its completing transaction.
 *
 * @param metrics the step's {@code run_tile.metrics}
 */
record StepTiming(String tileId, String step, String state, Instant queuedAt, Instant publishedAt, Instant startedAt,
        Instant finishedAt, Map<String, Object> metrics) {

    /** Queued → handed to Kafka: the wait for an outbox publisher round. */
    Duration outboxWait() {
        return between(queuedAt, publishedAt);
    }

    /** Handed to Kafka → claimed: broker delivery, the consumer's poll and the claim. */
    Duration deliveryAndClaim() {
        return between(publishedAt, startedAt);
    }

    /** Queued → claimed: the idle gap between the previous step's DONE and this step's start. */
    Duration idleGap() {
        return between(queuedAt, startedAt);
    }

    /** Claimed → completing transaction: the stage's own run. */
    Duration running() {
        return between(startedAt, finishedAt);
    }

    /** A numeric metric in seconds, whether recorded in seconds ({@code *_seconds}) or milliseconds ({@code *_ms}). */
    double metricSeconds(String key) {
        Object v = metrics.get(key);
        if (!(v instanceof Number n)) {
            return 0;
        }
        return key.endsWith("_ms") ? n.doubleValue() / 1000 : n.doubleValue();
    }

    long metricCount(String key) {
        Object v = metrics.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static Duration between(Instant from, Instant to) {
        return from == null || to == null ? Duration.ZERO : Duration.between(from, to);
    }
}
