/**
 * Housekeeping of the transactional outbox on the coordinator: {@code OutboxPruner} deletes the rows that are done
 * with (published, or failed for good) once {@code VASCO_OUTBOX_RETENTION} has passed, so the table holds what is in
 * flight and a window of history, not every message the cluster ever sent.
 */
package org.vasco.coordinator.outbox;
