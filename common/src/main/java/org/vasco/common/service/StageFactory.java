package org.vasco.common.service;

import org.vasco.common.config.Environment;
import org.vasco.common.stage.TileStage;

/**
 * How a worker module makes its {@link TileStage} for a container image: an implementation with a public
 * no-argument constructor, named in the module's {@code META-INF/services/org.vasco.common.service.StageFactory}.
 * {@link WorkerMain} finds it with {@link java.util.ServiceLoader}, so each worker image needs no main of its
 * own and never carries another worker's stage or the embedded test services.
 */
public interface StageFactory {

    /**
     * A new stage configured from {@code env} (the process environment in a container).
     *
     * @throws org.vasco.common.config.ConfigurationException naming the setting that is missing or invalid
     */
    TileStage create(Environment env);
}
