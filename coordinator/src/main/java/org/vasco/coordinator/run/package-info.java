/**
 * Runs: submitting a selection of plan tiles as a run (run, run_tile and the first tasks in one
 * transaction), reading a run's progress, and re-queueing its failed tiles.
 */
package org.vasco.coordinator.run;
