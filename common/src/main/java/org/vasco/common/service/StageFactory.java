package org.vasco.common.service;

import org.vasco.common.stage.TileStage;

/**
 * Builds a worker's stage from what the running service already holds, so a stage shares the service's
 * database pool, storage and metrics instead of opening its own.
 */
@FunctionalInterface
public interface StageFactory {

    TileStage create(StageWiring wiring);
}
