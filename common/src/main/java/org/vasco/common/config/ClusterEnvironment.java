package org.vasco.common.config;

/**
 * Finds the cluster a command talks to: the {@code VASCO_…} environment, or the local cluster's state
 * directory. Commands in worker modules take this instead of {@link Environment#system()} so that
 * {@code ./vasco prefetch} finds a cluster started by {@code ./vasco up} like every other cluster command.
 */
@FunctionalInterface
public interface ClusterEnvironment {

    /**
     * @throws Exception naming what is missing and how to start or point at a cluster
     */
    Environment locate() throws Exception;
}
