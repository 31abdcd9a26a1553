package org.vasco.download;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;
import org.vasco.common.http.ArchiveRecording;
import org.vasco.common.http.ArchiveRecordingSettings;
import org.vasco.common.http.ArchiveService;
import org.vasco.common.http.ArchiveSettings;

/**
 * The download worker's configuration: where the DSS cut-out service is and how politely to use it.
 *
 * @param serviceName    the archive's name in metrics and logs, and the key of its process-wide rate limit
 * @param dssUrl         the {@code dss_search} endpoint
 * @param timeout        per-request timeout
 * @param attempts       HTTP attempts per cut-out, including the first
 * @param backoff        wait before the first HTTP retry, doubling each time (a {@code Retry-After} wins)
 * @param requestsPerSecond the rate limit shared by every download thread of the process
 * @param sizeArcmin     side of the square cut-out (the plan's tiles are 60')
 * @param userAgent      the User-Agent header sent to the archive
 * @param recording      whether cut-outs come from the network, are also recorded, or are replayed from a recording
 */
public record DownloadSettings(String serviceName, URI dssUrl, Duration timeout, int attempts, Duration backoff,
                               double requestsPerSecond, double sizeArcmin, String userAgent, ArchiveRecording recording) {

    /** The service name used in metrics and as the rate-limit key. */
    public static final String SERVICE_NAME = "dss";

    /** VASCO_DSS_URL, _TIMEOUT, _ATTEMPTS, _BACKOFF and _RATE. */
    public static final ArchiveSettings<String> DSS = ArchiveSettings.of(SERVICE_NAME, "VASCO_DSS",
            "https://archive.stsci.edu/cgi-bin/dss_search",
            "STScI Digitized Sky Survey cut-out endpoint (dss_search); the local cluster points it at the loopback server",
            "60s", "Timeout of one cut-out request (connect and reply)",
            5, "HTTP attempts per cut-out on 429/5xx/connection errors, including the first",
            "700ms", "Wait before the first HTTP retry of a cut-out; doubles each retry (a Retry-After header wins)",
            2.0, "Cut-out requests per second, shared by all download threads of the process (STScI throttles)");
    public static final Setting<Double> DSS_SIZE_ARCMIN = Setting.decimal("VASCO_DSS_SIZE_ARCMIN", 60.0,
            "Side of the square cut-out, arcminutes (the plan's tiles are 60)");
    public static final Setting<String> DSS_USER_AGENT = Setting.string("VASCO_DSS_USER_AGENT",
            "VASCO-cluster/0.1 (+worker-download dss_search)", "User-Agent sent to the DSS service");

    public DownloadSettings {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(dssUrl, "dssUrl");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(recording, "recording");
        if (!"http".equals(dssUrl.getScheme()) && !"https".equals(dssUrl.getScheme())) {
            throw new IllegalArgumentException(DSS.url().name() + "='" + dssUrl + "' is not an http(s) URL");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(DSS.timeout().name() + " must be positive, was " + timeout);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException(DSS.attempts().name() + " must be at least 1, was " + attempts);
        }
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException(DSS.rate().name() + " must be positive, was " + requestsPerSecond);
        }
        if (!(sizeArcmin > 0 && sizeArcmin <= 60)) {
            throw new IllegalArgumentException(DSS_SIZE_ARCMIN.name() + " must be in (0, 60], was " + sizeArcmin);
        }
    }

    /** Settings of a DSS answered by the network, nothing recorded. */
    public DownloadSettings(String serviceName, URI dssUrl, Duration timeout, int attempts, Duration backoff,
                            double requestsPerSecond, double sizeArcmin, String userAgent) {
        this(serviceName, dssUrl, timeout, attempts, backoff, requestsPerSecond, sizeArcmin, userAgent, ArchiveRecording.NONE);
    }

    /** Reads the settings, failing with the variable's name on a bad value. */
    public static DownloadSettings from(Environment env) {
        String url = env.get(DSS.url());
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(DSS.url().name() + "='" + url + "' is not a URL: " + e.getMessage(), e);
        }
        return new DownloadSettings(SERVICE_NAME, uri, env.get(DSS.timeout()), env.get(DSS.attempts()), env.get(DSS.backoff()),
                env.get(DSS.rate()), env.get(DSS_SIZE_ARCMIN), env.get(DSS_USER_AGENT), ArchiveRecordingSettings.recording(env));
    }

    /** Every setting of this worker (for docs/configuration.md and the deployment checks). */
    public static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(DSS.all());
        all.addAll(List.of(DSS_SIZE_ARCMIN, DSS_USER_AGENT));
        return List.copyOf(all);
    }

    /**
     * The same settings under another service name: the rate limit is process-wide per name, so tests
     * that need their own limit in a shared JVM take their own name.
     */
    public DownloadSettings withServiceName(String name) {
        return new DownloadSettings(name, dssUrl, timeout, attempts, backoff, requestsPerSecond, sizeArcmin, userAgent, recording);
    }

    ArchiveService archiveService() {
        return new ArchiveService(serviceName, dssUrl, timeout, attempts, backoff, requestsPerSecond, recording);
    }
}
