package org.vasco.common.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;

/**
 * The five settings that say where one remote archive is and how politely to use it: base URL, request
 * timeout, attempts, first retry backoff and rate limit. A module declares each archive it calls as one
 * public static constant of this type in its {@code *Settings} class (built with {@link #of}, or with the
 * constructor when several archives share their politeness settings), and builds the archive's
 * {@link ArchiveService} with {@link #service}. The settings catalogue lists the settings of such a constant
 * where the constant is declared, like plain {@link Setting} constants.
 *
 * @param serviceName the archive's name in metrics and logs, and the key of its process-wide rate limit
 * @param url         the base URL; its value is a {@link String} or a {@link URI}, read as a URI either way
 * @param timeout     per-request timeout
 * @param attempts    attempts per request, including the first
 * @param backoff     wait before the first retry, doubling each retry
 * @param rate        requests per second, shared by all threads of a process
 * @param <U>         the value type of the URL setting ({@code String} or {@code URI})
 */
public record ArchiveSettings<U>(String serviceName, Setting<U> url, Setting<Duration> timeout, Setting<Integer> attempts,
                                 Setting<Duration> backoff, Setting<Double> rate) {

    public ArchiveSettings {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(attempts, "attempts");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(rate, "rate");
    }

    /**
     * The settings {@code <prefix>_URL}, {@code _TIMEOUT}, {@code _ATTEMPTS}, {@code _BACKOFF} and {@code _RATE}
     * of one archive, each given its default and its sentence for operators.
     *
     * @param prefix the common start of the names, e.g. {@code VASCO_DSS}
     */
    public static ArchiveSettings<String> of(String serviceName, String prefix,
                                             String defaultUrl, String urlDoc,
                                             String defaultTimeout, String timeoutDoc,
                                             int defaultAttempts, String attemptsDoc,
                                             String defaultBackoff, String backoffDoc,
                                             double defaultRate, String rateDoc) {
        return new ArchiveSettings<>(serviceName,
                Setting.string(prefix + "_URL", defaultUrl, urlDoc),
                Setting.duration(prefix + "_TIMEOUT", defaultTimeout, timeoutDoc),
                Setting.integer(prefix + "_ATTEMPTS", defaultAttempts, attemptsDoc),
                Setting.duration(prefix + "_BACKOFF", defaultBackoff, backoffDoc),
                Setting.decimal(prefix + "_RATE", defaultRate, rateDoc));
    }

    /**
     * The archive as configured in {@code env}, recorded or replayed as {@link ArchiveRecordingSettings} says; a URL
     * given as text is read with {@link URI#create}.
     */
    public ArchiveService service(Environment env) {
        Object location = env.get(url);
        URI baseUrl = location instanceof URI uri ? uri : URI.create(location.toString());
        return new ArchiveService(serviceName, baseUrl, env.get(timeout), env.get(attempts), env.get(backoff), env.get(rate),
                ArchiveRecordingSettings.recording(env));
    }

    /** The five settings, URL first. */
    public List<Setting<?>> all() {
        return List.of(url, timeout, attempts, backoff, rate);
    }
}
