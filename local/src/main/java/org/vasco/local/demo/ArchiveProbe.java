package org.vasco.local.demo;

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

    /** An archive that did not answer: where, and what went wrong, in words. */
    public record Unreachable(String title, URI url, String problem) {
        /** The one line a user sees. */
        public String message() {
            return "cannot reach the " + title + " (" + url + ": " + problem + "); check your internet access,"
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
            URI url = archive.settings().service(env).baseUrl();
            Optional<String> problem = problemReaching(http, url);
            if (problem.isPresent()) {
                return Optional.of(new Unreachable(archive.title(), url, problem.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> problemReaching(HttpClient http, URI url) throws InterruptedException {
        HttpRequest head = HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(timeout)
                .header("User-Agent", "VASCO-cluster/0.1 (vasco run reachability probe)").build();
        try {
            http.send(head, HttpResponse.BodyHandlers.discarding());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(describe(e, url));
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
