package org.vasco.common.storage;

import java.io.IOException;

/**
 * An artefact was not moved into place because the step attempt that made it no longer holds its step: its lease
 * expired and another worker claimed it, or the step was settled without it. The artefact of the current owner stays.
 */
public final class StaleAttemptException extends IOException {

    private static final long serialVersionUID = 1L;

    public StaleAttemptException(String message) {
        super(message);
    }
}
