package org.vasco.local;

/** An input of {@code vasco process} that is missing or unusable; the message names it and says what is wrong. */
final class ProcessInputException extends Exception {

    private static final long serialVersionUID = 1L;

    ProcessInputException(String message) {
        super(message);
    }

    ProcessInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
