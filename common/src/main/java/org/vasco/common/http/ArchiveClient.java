package org.vasco.common.http;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.text.UntrustedText;

/**
 * The one HTTP client for remote archives (DSS, VizieR, MAST, CDS, SkyBoT, TAP services): a timeout,
 * retries with exponential backoff on 429/500/502/503/504 and on connection errors and timeouts
 * (a {@code Retry-After} header is honoured, by every thread of the process: {@link RetryAfterHoldOff}), gzip bodies
 * decoded, and a rate limit per service name shared by every thread of the process. Each request is timed and each error counted by service.
 * <p>
 * Every attempt goes through the service's {@link ArchiveRecording}: over the network, over the network with the
 * exchange kept in a recording, or out of a recording without any network ({@link ArchiveTape}); retries, backoff,
 * decoding, errors and metrics are the same in all three, so a replayed run sees exactly what the recorded one saw.
 * Thread-safe; one instance per service is enough.
 */
public final class ArchiveClient {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveClient.class);
    private static final Set<Integer> RETRIABLE_STATUS = Set.of(429, 500, 502, 503, 504);
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);
    private static final ConcurrentMap<String, RateLimiter> RATE_LIMITERS = new ConcurrentHashMap<>();
    /**
     * Largest reply body accepted, as sent and after gzip decoding: far above any legitimate reply (a 60′ DSS
     * cut-out is about 9 MB, a capped catalogue cone tens of MB), far below what would exhaust a worker's heap when
     * a server streams without end or sends a gzip bomb.
     */
    public static final long MAX_BODY_BYTES = 256L * 1024 * 1024;

    private final ArchiveService service;
    private final ArchiveTransport transport;
    private final RateLimiter rateLimiter;
    private final RetryAfterHoldOff holdOff;
    private final MeterRegistry metrics;
    private final long maxBodyBytes;

    public ArchiveClient(ArchiveService service, MeterRegistry metrics, String userAgent) {
        this(service, metrics, userAgent, MAX_BODY_BYTES);
    }

    /** A client with another body limit (tests of the limit itself). */
    ArchiveClient(ArchiveService service, MeterRegistry metrics, String userAgent, long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.service = service;
        this.metrics = metrics;
        ArchiveRecording recording = service.recording();
        this.transport = switch (recording.mode()) {
            case LIVE -> new NetworkTransport(service, userAgent, maxBodyBytes);
            case RECORD -> ArchiveTape.at(recording.directory()).recording(service.name(),
                    new NetworkTransport(service, userAgent, maxBodyBytes));
            case REPLAY -> ArchiveTape.at(recording.directory()).replaying(service.name());
        };
        // A replay asks no server, so it waits for no permit.
        this.rateLimiter = recording.mode() == ArchiveRecording.Mode.REPLAY ? null : rateLimiterFor(service);
        this.holdOff = recording.mode() == ArchiveRecording.Mode.REPLAY ? null : RetryAfterHoldOff.of(service.name());
    }

    /** The process-wide limiter of a service name; the first client of that name sets its rate. */
    static RateLimiter rateLimiterFor(ArchiveService service) {
        return RATE_LIMITERS.computeIfAbsent(service.name(), name -> {
            // Spread permits over sub-second periods so a burst cannot exceed the rate within one second.
            long periodNanos = Math.max(1_000_000L, (long) (1e9 / service.requestsPerSecond()));
            return RateLimiter.of("archive-" + name, RateLimiterConfig.custom()
                    .limitForPeriod(1)
                    .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                    .timeoutDuration(Duration.ofMinutes(10))
                    .build());
        });
    }

    public ArchiveService service() {
        return service;
    }

    /** Builds {@code baseUrl?k=v&…} with form-encoded values, keeping the given parameter order. */
    public URI uri(Map<String, String> query) {
        String base = service.baseUrl().toString();
        String target = target(query);
        return URI.create(target.isEmpty() ? base : base + (base.contains("?") ? "&" + target.substring(1) : target));
    }

    /** {@code ?k=v&…}, form-encoded, in the given order; empty without parameters. */
    private static String target(Map<String, String> query) {
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return q.length() == 0 ? "" : "?" + q;
    }

    /** GET with the service's query parameters (ordered map recommended). */
    public ArchiveResponse get(Map<String, String> query) throws ArchiveException, InterruptedException {
        return send(new ArchiveRequest("GET", uri(query), target(query), null, new byte[0]));
    }

    /** POST of a prepared body (multipart TAP uploads, CDS X-Match) to the base URL. */
    public ArchiveResponse post(byte[] body, String contentType) throws ArchiveException, InterruptedException {
        return send(new ArchiveRequest("POST", service.baseUrl(), "", contentType, body.clone()));
    }

    private ArchiveResponse send(ArchiveRequest request) throws ArchiveException, InterruptedException {
        int[] attempts = {0};
        Retry retry = Retry.of("archive-" + service.name(), RetryConfig.<RawReply>custom()
                .maxAttempts(service.maxAttempts())
                .retryOnResult(r -> RETRIABLE_STATUS.contains(r.status()))
                .retryOnException(ArchiveClient::isRetriableException)
                .intervalBiFunction(backoff())
                .failAfterMaxAttempts(false)
                .build());
        Timer.Sample sample = Timer.start(metrics);
        RawReply response;
        try {
            response = Retry.decorateCheckedSupplier(retry, () -> {
                attempts[0]++;
                if (holdOff != null) {
                    holdOff.awaitTurn();
                }
                if (rateLimiter != null) {
                    rateLimiter.acquirePermission();
                }
                RawReply r = transport.exchange(request);
                if (RETRIABLE_STATUS.contains(r.status())) {
                    Duration asked = retryAfter(r);
                    if (asked != null && holdOff != null) {
                        holdOff.pauseFor(asked);
                    }
                    countError(String.valueOf(r.status()));
                    LOG.warn("{} answered {} to {} (attempt {}/{})", service.name(), r.status(), request.uri(),
                            attempts[0], service.maxAttempts());
                }
                return r;
            }).get();
        } catch (InterruptedException e) {
            throw e;
        } catch (ArchiveException e) {
            // Refused by this client (a body over MAX_BODY_BYTES), or a recording that cannot keep or replay the exchange:
            // not retried here and not "unreachable".
            countError(e instanceof MissingRecordingException ? "not_recorded" : e instanceof RecordingException ? "recording"
                    : "too_large");
            sample.stop(timer("refused"));
            throw e;
        } catch (Throwable e) {
            if (e.getCause() instanceof InterruptedException ie) {
                throw ie;
            }
            String kind = e instanceof HttpTimeoutException ? "timeout" : e instanceof ConnectException ? "connect" : "io";
            countError(kind);
            sample.stop(timer("unavailable"));
            throw new ArchiveException(service.name(), 0, true, service.name() + " unreachable at " + request.uri()
                    + " after " + attempts[0] + " attempt(s): " + kind + " (" + e + ")", e);
        }
        int status = response.status();
        if (status < 200 || status >= 300) {
            sample.stop(timer("http_error"));
            boolean retriable = RETRIABLE_STATUS.contains(status);
            if (!retriable) {
                countError(String.valueOf(status));
            }
            throw new ArchiveException(service.name(), status, retriable, service.name() + " answered HTTP " + status
                    + " to " + request.uri() + " after " + attempts[0] + " attempt(s): "
                    + UntrustedText.excerpt(new String(response.body(), StandardCharsets.UTF_8)), null);
        }
        sample.stop(timer("ok"));
        byte[] body = decode(response, request);
        return new ArchiveResponse(request.uri(), status, response.headers(), body, attempts[0]);
    }

    private IntervalBiFunction<RawReply> backoff() {
        long initial = Math.max(1, service.initialBackoff().toMillis());
        return (Integer attempt, Either<Throwable, RawReply> either) -> {
            long exponential = initial << Math.min(20, Math.max(0, attempt - 1));
            if (either.isRight()) {
                Duration asked = retryAfter(either.get());
                if (asked != null) {
                    return asked.toMillis();
                }
            }
            return exponential;
        };
    }

    /** The pause a reply asks for in seconds ({@code Retry-After: N}), at most {@link #MAX_RETRY_AFTER}; null if none. */
    private static Duration retryAfter(RawReply reply) {
        String header = reply.header("Retry-After");
        if (header == null) {
            return null;
        }
        try {
            long seconds = Math.max(0, Long.parseLong(header.trim()));
            return seconds * 1000 > MAX_RETRY_AFTER.toMillis() ? MAX_RETRY_AFTER : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null; // an HTTP-date Retry-After: our own backoff applies
        }
    }

    private static boolean isRetriableException(Throwable e) {
        return e instanceof IOException && !(e instanceof ArchiveException);
    }

    private byte[] decode(RawReply response, ArchiveRequest request) throws ArchiveException {
        String encoding = response.header("Content-Encoding");
        if (encoding == null || !encoding.equalsIgnoreCase("gzip")) {
            return response.body();
        }
        byte[] decoded;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            decoded = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (IOException e) {
            countError("bad_gzip");
            throw new ArchiveException(service.name(), response.status(), true, service.name()
                    + " sent a gzip body that does not decompress (" + e.getMessage() + ") from " + request.uri(), e);
        }
        if (decoded.length > maxBodyBytes) {
            countError("too_large");
            throw new ArchiveException(service.name(), response.status(), false, service.name() + " sent a gzip body"
                    + " that decompresses to more than " + maxBodyBytes + " bytes from " + request.uri(), null);
        }
        return decoded;
    }

    private Timer timer(String outcome) {
        return Timer.builder(MetricNames.EXTERNAL_REQUEST)
                .description("Requests to remote archives, including retries")
                .tag("service", service.name()).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(metrics);
    }

    private void countError(String kind) {
        Counter.builder(MetricNames.EXTERNAL_ERRORS).description("Failed requests to remote archives")
                .tag("service", service.name()).tag("kind", kind).register(metrics).increment();
    }
}
