package org.vasco.coordinator.api;

/**
 * A request that cannot be answered as asked: carries the HTTP status and a message for the client (never a
 * secret, never a stack trace). Thrown by route handlers; {@link ApiRouter} turns it into {@code {"error": …}}.
 */
public final class ApiException extends Exception {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
