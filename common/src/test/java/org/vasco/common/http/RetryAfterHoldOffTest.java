package org.vasco.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vasco.common.metrics.MetricNames;

/**
 * A service that answers one thread's request with 429 and {@code Retry-After} is asked nothing more by any thread of
 * the process, once the reply has arrived, until the pause is over: a download worker's other slots wait too, each with
 * a client of its own.
 */
class RetryAfterHoldOffTest {

    @Test
    void aPauseOneRequestWasAskedForHoldsEveryThreadsRequestsToTheService() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        AtomicLong throttledAt = new AtomicLong();
        CountDownLatch throttled = new CountDownLatch(1);
        byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            long now = System.nanoTime();
            if (throttledAt.compareAndSet(0, now)) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.sendResponseHeaders(429, -1);
                exchange.close();
                throttled.countDown();
                return;
            }
            arrivals.add(now);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        try {
            String name = "throttling-" + UUID.randomUUID();
            SimpleMeterRegistry firstMetrics = new SimpleMeterRegistry();
            CompletableFuture<ArchiveResponse> first = CompletableFuture.supplyAsync(() -> get(client(name, server, firstMetrics)));
            assertThat(throttled.await(10, TimeUnit.SECONDS)).isTrue();
            // The pause holds from the moment the 429 reached the first client (counted as an error by it): a request
            // another thread had already sent may still arrive before that.
            await().atMost(Duration.ofSeconds(10)).until(() -> firstMetrics.find(MetricNames.EXTERNAL_ERRORS)
                    .tag("kind", "429").counters().stream().mapToDouble(c -> c.count()).sum() == 1);

            ArchiveResponse second = get(client(name, server, new SimpleMeterRegistry())); // another slot's client
            ArchiveResponse retried = first.get(10, TimeUnit.SECONDS);

            assertThat(second.bodyText()).isEqualTo("ok");
            assertThat(retried.bodyText()).isEqualTo("ok");
            assertThat(retried.attempts()).isEqualTo(2);
            assertThat(arrivals).hasSize(2).allSatisfy(at -> assertThat(Duration.ofNanos(at - throttledAt.get()))
                    .as("time from the 429 to the next request").isGreaterThanOrEqualTo(Duration.ofMillis(950)));
        } finally {
            server.stop(0);
        }
    }

    private static ArchiveResponse get(ArchiveClient client) {
        try {
            return client.get(Map.of("q", "1"));
        } catch (ArchiveException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ArchiveClient client(String name, HttpServer server, SimpleMeterRegistry metrics) {
        ArchiveService service = new ArchiveService(name, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/a"),
                Duration.ofSeconds(5), 3, Duration.ofMillis(5), 1000.0, ArchiveRecording.NONE);
        return new ArchiveClient(service, metrics, "vasco-test");
    }
}
