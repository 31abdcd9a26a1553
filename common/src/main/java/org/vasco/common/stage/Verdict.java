package org.vasco.common.stage;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.vasco.common.task.TileTask;

/**
 * What handling one task record came to: the outcome for the log line and the metrics, and how the slot acknowledges
 * the record to the share group once the outcome is committed in PostgreSQL.
 *
 * @param outcome   the one outcome of the record
 * @param ack       ACCEPT (settled: the record is done with), RELEASE (deliver it again, e.g. on shutdown), REJECT (it
 *                  can be neither handled nor dead-lettered), or null to leave it alone (a crash: its lock lapses)
 * @param task      the decoded task, or null for a malformed record
 * @param attempt   the claimed attempt, 0 when nothing was claimed
 * @param reason    a short code for the log line, or null
 * @param committed true when a transaction that wrote outbox rows committed (the outbox publisher is woken)
 */
record Verdict(StepOutcome outcome, AcknowledgeType ack, TileTask task, int attempt, String reason, boolean committed) {

    static Verdict crashed(TileTask task) {
        return new Verdict(StepOutcome.RELEASED, null, task, 0, "CRASHED", false);
    }

    /** The record goes back to the share group for another delivery; nothing was written. */
    static Verdict releasedRecord(TileTask task, int attempt, String reason) {
        return new Verdict(StepOutcome.RELEASED, AcknowledgeType.RELEASE, task, attempt, reason, false);
    }

    /** Another worker owns the step now: this record is done with, the new owner's own delivery carries the work. */
    static Verdict leaseLost(TileTask task, int attempt) {
        return new Verdict(StepOutcome.RELEASED, AcknowledgeType.ACCEPT, task, attempt, "LEASE_LOST", false);
    }
}
