package org.vasco.common.http;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to talk to one remote archive: where it is and how politely.
 *
 * @param name              short name used in metrics, logs and errors (dss, vizier, mast, skybot, …)
 * @param baseUrl           the service's base URL (configurable so tests point at a loopback server)
 * @param timeout           per-request timeout (connect + response)
 * @param maxAttempts       attempts per request, including the first
 * @param initialBackoff    wait before the first retry; doubles each retry (a Retry-After header wins)
 * @param requestsPerSecond the process-wide rate limit for this service name, shared by all threads
 * @param recording         whether replies come from the network, are also recorded, or are replayed from a recording
 */
public record ArchiveService(String name, URI baseUrl, Duration timeout, int maxAttempts, Duration initialBackoff,
                             double requestsPerSecond, ArchiveRecording recording) {

    public ArchiveService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(recording, "recording");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 for " + name);
        }
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("requestsPerSecond must be positive for " + name);
        }
    }

    /** A service answered by the network, nothing recorded. */
    public ArchiveService(String name, URI baseUrl, Duration timeout, int maxAttempts, Duration initialBackoff,
                          double requestsPerSecond) {
        this(name, baseUrl, timeout, maxAttempts, initialBackoff, requestsPerSecond, ArchiveRecording.NONE);
    }

    /** The same service with its replies recorded, replayed or live as {@code recording} says. */
    public ArchiveService withRecording(ArchiveRecording recording) {
        return new ArchiveService(name, baseUrl, timeout, maxAttempts, initialBackoff, requestsPerSecond, recording);
    }
}
