/**
 * The work waiting for each step, read from PostgreSQL: the due QUEUED and RETRY tile steps of {@code run_tile}.
 * {@link org.vasco.coordinator.backlog.StepBacklog} holds the one query (KEDA's PostgreSQL scaler runs the same
 * text); {@link org.vasco.coordinator.backlog.BacklogGauges} exports it once per cluster, from the coordinator, as
 * the {@code vasco_step_backlog} gauge that dashboards, alerts and the HPA alternative read.
 */
package org.vasco.coordinator.backlog;
