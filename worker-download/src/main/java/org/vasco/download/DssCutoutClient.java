package org.vasco.download;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveException;
import org.vasco.common.http.ArchiveResponse;
import org.vasco.common.http.DssSearchQuery;

/**
 * Asks STScI's Digitized Sky Survey for the POSS-I red cut-out around a position (SPEC §3.1).
 * Timeout, retries with backoff on 429/5xx and connection errors, {@code Retry-After}, gzip bodies
 * and the process-wide rate limit all come from {@link ArchiveClient}. The reply is returned as
 * received: whether it is a usable cut-out is {@link CutoutAcceptance}'s decision. Thread-safe.
 */
public final class DssCutoutClient {

    /** The {@code v} value that selects the POSS-I E (red) plates. */
    public static final String POSS1_RED = DssSearchQuery.POSS1_RED;

    private final ArchiveClient archive;

    public DssCutoutClient(ArchiveClient archive) {
        this.archive = Objects.requireNonNull(archive, "archive");
    }

    public static DssCutoutClient create(DownloadSettings settings, MeterRegistry metrics) {
        return new DssCutoutClient(new ArchiveClient(settings.archiveService(), metrics, settings.userAgent()));
    }

    /** The query of SPEC §3.1 for the POSS-I red plates ({@link DssSearchQuery}). */
    public static Map<String, String> query(double raDeg, double decDeg, double sizeArcmin) {
        return DssSearchQuery.of(POSS1_RED, raDeg, decDeg, sizeArcmin);
    }

    /**
     * Fetches the cut-out.
     *
     * @throws ArchiveException when no 2xx reply came after the configured attempts; {@link ArchiveException#isRetriable()}
     *                          says whether a later attempt of the tile step may succeed
     */
    public DssReply fetch(double raDeg, double decDeg, double sizeArcmin) throws ArchiveException, InterruptedException {
        long started = System.nanoTime();
        ArchiveResponse response = archive.get(query(raDeg, decDeg, sizeArcmin));
        return new DssReply(response.uri(), response.contentType(), response.body(), response.attempts(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * A 2xx reply of the DSS service, not yet judged.
     *
     * @param attempts HTTP attempts it took (1 = first try)
     * @param elapsed  wall time including retries and rate-limit waits
     */
    public record DssReply(URI uri, String contentType, byte[] body, int attempts, Duration elapsed) {
    }
}
