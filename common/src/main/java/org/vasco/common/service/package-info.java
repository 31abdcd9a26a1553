/**
 * Wiring of long-running services: {@link org.vasco.common.service.WorkerService} turns a
 * {@link org.vasco.common.stage.TileStage} into a running worker; {@link org.vasco.common.service.ServiceRuntime}
 * holds what every service shares (database, topics, outbox publisher, metrics, the
 * {@link org.vasco.common.service.ServiceEndpoint} with its {@link org.vasco.common.service.ReadinessCheck}s);
 * {@link org.vasco.common.service.PeriodicRound} repeats a service's background work.
 */
package org.vasco.common.service;
