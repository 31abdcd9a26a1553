package org.vasco.common.service;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
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
 * @param closer      takes what the stage starts besides itself (a background prefetcher, an embedded engine), to be
 *                    closed when the service stops, after the stage loop
 */
public record StageWiring(Environment environment, Database database, ArtefactStore store, MeterRegistry registry,
                          Consumer<AutoCloseable> closer) {

    /** Wiring whose extra resources are not closed by anyone (tests, one-shot commands). */
    public StageWiring(Environment environment, Database database, ArtefactStore store, MeterRegistry registry) {
        this(environment, database, store, registry, resource -> { });
    }

    /** Closes {@code resource} when the service stops, after the stage loop; returns it. */
    public <T extends AutoCloseable> T closeWithService(T resource) {
        closer.accept(resource);
        return resource;
    }
}
