package org.vasco.xmatch.cli;

/** A user error in the input of {@code vasco xmatch} (missing file, column, bad value): exit code 2. */
final class XmatchInputException extends RuntimeException {

    XmatchInputException(String message) {
        super(message);
    }
}
