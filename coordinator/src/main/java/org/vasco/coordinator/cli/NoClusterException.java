package org.vasco.coordinator.cli;

/** No cluster could be found from the environment or a local state directory; the CLI exits with code 2. */
public final class NoClusterException extends Exception {

    public NoClusterException(String message) {
        super(message);
    }
}
