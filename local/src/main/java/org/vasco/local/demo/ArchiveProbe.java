package org.vasco.local.demo;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vasco.common.config.Environment;
import org.vasco.common.http.ArchiveService;
import org.vasco.common.http.ArchiveSettings;
import org.vasco.download.DownloadSettings;
import org.vasco.veto.VetoSettings;
import org.vasco.xmatch.catalog.CatalogueSettings;

/**
 * One quick request to each remote archive a run calls, before a cluster is started for it: offline, the workers
 * would otherwise spend minutes in their retries before the first tile fails. Any HTTP answer, even an error
 * status, counts as reachable; only a refused connection, an unknown host or silence does not.
 */
public final class ArchiveProbe {

    /** An archive the run calls, with the name a user knows it by. */
    public record Archive(String title, ArchiveSettings<?> settings) {
    }

    /** An archive that did not answer: where, what went wrong in words, and after how many attempts. */
    public record Unreachable(String title, URI url, String problem, int attempts) {
        /** The one line a user sees. */
        public String message() {
            return "cannot reach the " + title + " (" + url + ": " + problem + ", after " + attempts
                    + (attempts == 1 ? " attempt" : " attempts") + "); check your internet access,"
                    + " or run ./vasco demo for the offline synthetic sky";
        }
    }

    /** Every archive a full run calls: the cut-outs, the three catalogues' services and the post stages'. */
    public static final List<Archive> ARCHIVES = List.of(
            new Archive("STScI DSS archive", DownloadSettings.DSS),
            new Archive("CDS VizieR service", CatalogueSettings.VIZIER),
            new Archive("MAST PS1 catalogue service", CatalogueSettings.MAST),
            new Archive("CDS X-Match service", VetoSettings.CDS_XMATCH),
            new Archive("IMCCE SkyBoT service", VetoSettings.SKYBOT),
            new Archive("GAVO TAP service", VetoSettings.GAVO_TAP),
            new Archive("IRSA TAP service", VetoSettings.IRSA_TAP));

    private final Duration timeout;

    /** @param timeout how long one archive may take to connect and answer */
    public ArchiveProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /** The first archive, in {@link #ARCHIVES} order, that does not answer at its URL in {@code env}. */
    public Optional<Unreachable> firstUnreachable(Environment env) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        for (Archive archive : ARCHIVES) {
            ArchiveService service = archive.settings().service(env);
            Optional<Unreachable> unreachable = reach(http, archive.title(), service);
            if (unreachable.isPresent()) {
                return unreachable;
            }
        }
        return Optional.empty();
    }

    /** Asks once, then again with the service's own attempts and backoff, as its workers would. */
    private Optional<Unreachable> reach(HttpClient http, String title, ArchiveService service) throws InterruptedException {
        URI url = service.baseUrl();
        HttpRequest head = HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(timeout)
                .header("User-Agent", "VASCO-cluster/0.1 (vasco run reachability probe)").build();
        int[] attempts = {0};
        Retry retry = Retry.of("probe-" + service.name(), RetryConfig.custom()
                .maxAttempts(service.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Math.max(1, service.initialBackoff().toMillis())))
                .retryExceptions(IOException.class)
                .build());
        try {
            Retry.decorateCheckedSupplier(retry, () -> {
                attempts[0]++;
                return http.send(head, HttpResponse.BodyHandlers.discarding());
            }).get();
            return Optional.empty();
        } catch (InterruptedException e) {
            throw e;
        } catch (IOException e) {
            return Optional.of(new Unreachable(title, url, describe(e, url), attempts[0]));
        } catch (Throwable e) {
            if (e.getCause() instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IllegalStateException("Probing " + url + " failed unexpectedly: " + e, e);
        }
    }

    /** The failure in a user's words: DNS, refusal and silence each named as such. */
    String describe(IOException e, URI url) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host " + url.getHost() + " (DNS lookup failed)";
            }
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() / 1000.0 + " s";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException c) {
                String m = c.getMessage();
                return m == null || m.isBlank() || m.toLowerCase(java.util.Locale.ROOT).contains("refused")
                        ? "connection refused" : m;
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
