package org.vasco.download;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveException;
import org.vasco.common.http.ArchiveResponse;

/**
 * Asks STScI's Digitized Sky Survey for the POSS-I red cut-out around a position (SPEC §3.1).
 * Timeout, retries with backoff on 429/5xx and connection errors, {@code Retry-After}, gzip bodies
 * and the process-wide rate limit all come from {@link ArchiveClient}. The reply is returned as
 * received: whether it is a usable cut-out is {@link CutoutAcceptance}'s decision. Thread-safe.
 */
public final class DssCutoutClient {

    /** The {@code v} value that selects the POSS-I E (red) plates. */
    public static final String POSS1_RED = "poss1_red";

    private final ArchiveClient archive;

    public DssCutoutClient(ArchiveClient archive) {
        this.archive = Objects.requireNonNull(archive, "archive");
    }

    public static DssCutoutClient create(DownloadSettings settings, MeterRegistry metrics) {
        return new DssCutoutClient(new ArchiveClient(settings.archiveService(), metrics, settings.userAgent()));
    }

    /**
     * The query of SPEC §3.1 in the reference's parameter order: RA normalised to [0, 360) and Dec
     * clamped to [-90, 90], both with 6 decimals; the size with 2 decimals; FITS, uncompressed, J2000.
     */
    public static Map<String, String> query(double raDeg, double decDeg, double sizeArcmin) {
        if (!Double.isFinite(raDeg) || !Double.isFinite(decDeg)) {
            throw new IllegalArgumentException("A cut-out centre must be finite, was (" + raDeg + ", " + decDeg + ")");
        }
        double ra = raDeg % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        String raText = String.format(Locale.ROOT, "%.6f", ra);
        if (raText.equals("360.000000")) {
            raText = "0.000000";
        }
        double dec = Math.max(-90.0, Math.min(90.0, decDeg));
        String size = String.format(Locale.ROOT, "%.2f", sizeArcmin);
        Map<String, String> q = new LinkedHashMap<>();
        q.put("v", POSS1_RED);
        q.put("r", raText);
        q.put("d", String.format(Locale.ROOT, "%.6f", dec));
        q.put("e", "J2000");
        q.put("h", size);
        q.put("w", size);
        q.put("f", "fits");
        q.put("c", "none");
        q.put("fov", "NONE");
        q.put("v3", "");
        return q;
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
