package org.vasco.common.http;

import java.io.IOException;

/**
 * A remote archive did not give a usable reply. {@link #isRetriable()} says whether a later attempt
 * (of the tile step) may succeed: throttling, 5xx, timeouts and connection errors are; a 4xx is not.
 */
public class ArchiveException extends IOException {

    private final String service;
    private final int status;
    private final boolean retriable;

    public ArchiveException(String service, int status, boolean retriable, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
        this.status = status;
        this.retriable = retriable;
    }

    public String service() {
        return service;
    }

    /** HTTP status, or 0 when no reply came (timeout, connection refused). */
    public int status() {
        return status;
    }

    public boolean isRetriable() {
        return retriable;
    }
}
