package org.vasco.coordinator.cli;

import java.time.Clock;

/**
 * What the commands share: how to find the cluster and the clock. Given to each command's constructor by
 * {@link CommandFactory}, so tests run the real commands against the test services.
 */
public record CliContext(ClusterLocator cluster, Clock clock) {

    public static CliContext fromProcess() {
        return new CliContext(ClusterLocator.fromProcess(), Clock.systemUTC());
    }
}
