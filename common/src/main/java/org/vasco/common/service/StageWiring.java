package org.vasco.common.service;

import io.micrometer.core.instrument.MeterRegistry;
import org.vasco.common.config.Environment;
import org.vasco.common.db.Database;
import org.vasco.common.storage.ArtefactStore;

/**
 * The collaborators a stage may need, owned by the running service (do not close them).
 *
 * @param environment the service's configuration source, for the stage's own settings
 * @param database    the service's migrated pool
 * @param store       the shared artefact storage at {@code VASCO_DATA}
 * @param registry    the service's metrics registry
 */
public record StageWiring(Environment environment, Database database, ArtefactStore store, MeterRegistry registry) {
}
