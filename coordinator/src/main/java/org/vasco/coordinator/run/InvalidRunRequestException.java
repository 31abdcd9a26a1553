package org.vasco.coordinator.run;

/**
 * A request about a run that cannot be carried out as given (unknown plate or tile, bad or taken run name,
 * unknown run or step). Raised before anything is written; the CLI reports it with exit code 2.
 */
public final class InvalidRunRequestException extends Exception {

    public InvalidRunRequestException(String message) {
        super(message);
    }
}
