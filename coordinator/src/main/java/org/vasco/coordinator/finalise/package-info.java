/**
 * Run finalisation: once every tile of a run is final, the S0 deduplication across tiles and plates
 * ({@link org.vasco.coordinator.finalise.S0Dedup}) and the run's state change
 * ({@link org.vasco.coordinator.finalise.RunFinaliser}); the per-run and per-plate funnel
 * ({@link org.vasco.coordinator.finalise.FunnelQuery}) and the survivor export
 * ({@link org.vasco.coordinator.finalise.SurvivorExport}) behind {@code vasco report} and {@code vasco candidates}.
 */
package org.vasco.coordinator.finalise;
