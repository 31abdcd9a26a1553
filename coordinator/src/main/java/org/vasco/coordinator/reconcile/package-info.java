/**
 * The reconciler: finds tile steps whose task was lost (expired leases, tasks queued too long) and publishes
 * them again through the outbox. It never decides a step's state; the workers' claims do.
 */
package org.vasco.coordinator.reconcile;
