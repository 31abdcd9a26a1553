package org.vasco.common.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's HTTP side: {@code GET /metrics} (Prometheus text format), {@code /health/live} (200 while the
 * process serves HTTP and no {@link ReadinessCheck#isVital() vital} check fails) and {@code /health/ready} (200 only when every {@link ReadinessCheck} passes, else 503
 * naming the failing checks). More handlers (an API, a review page) are added with {@link #register}.
 * Built on the JDK {@link HttpServer}; thread-safe; {@link #close()} stops it.
 */
public final class ServiceEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);
    /** Content type of the Prometheus text exposition format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<ReadinessCheck> checks;

    private ServiceEndpoint(HttpServer server, ExecutorService executor, List<ReadinessCheck> checks) {
        this.server = server;
        this.executor = executor;
        this.checks = checks;
    }

    /** Starts serving on the loopback interface only (tests, tools); see {@link #start(String, int, MeterRegistry, List)}. */
    public static ServiceEndpoint start(int port, MeterRegistry registry, List<ReadinessCheck> checks) throws IOException {
        return start(InetAddress.getLoopbackAddress().getHostAddress(), port, registry, checks);
    }

    /**
     * Starts serving on {@code bindAddress}:{@code port} (0 picks a free port, see {@link #port()}).
     *
     * @param bindAddress an address of this host (VASCO_HTTP_BIND): 127.0.0.1 keeps the endpoint local, 0.0.0.0
     *                    serves every interface
     * @param registry    a {@link PrometheusMeterRegistry}, or a composite holding one; otherwise /metrics answers 404
     * @throws IOException when the address cannot be bound
     */
    public static ServiceEndpoint start(String bindAddress, int port, MeterRegistry registry, List<ReadinessCheck> checks)
            throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 0);
        } catch (IOException e) {
            throw new IOException("Cannot serve metrics and health on " + bindAddress + ":" + port
                    + " (VASCO_HTTP_BIND, VASCO_HTTP_PORT): " + e.getMessage() + "; choose a free port or 0", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "service-endpoint");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ServiceEndpoint endpoint = new ServiceEndpoint(server, executor, List.copyOf(checks));
        Optional<PrometheusMeterRegistry> prometheus = findPrometheus(registry);
        server.createContext("/metrics", exchange -> {
            if (prometheus.isEmpty()) {
                respond(exchange, 404, "text/plain; charset=utf-8", "no Prometheus registry in this service\n");
            } else {
                respond(exchange, 200, PROMETHEUS_TEXT, prometheus.get().scrape());
            }
        });
        server.createContext("/health/live", endpoint::live);
        server.createContext("/health/ready", endpoint::ready);
        server.start();
        LOG.info("Serving /metrics and /health on {}:{}", bindAddress, endpoint.port());
        return endpoint;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Adds a handler for {@code path} and everything under it. */
    public void register(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** Names of the checks that fail now; empty when ready. */
    public List<String> failingChecks() {
        return failing(checks);
    }

    private static List<String> failing(List<ReadinessCheck> checks) {
        List<String> failing = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            boolean ok;
            try {
                ok = check.isReady();
            } catch (RuntimeException e) {
                ok = false;
            }
            if (!ok) {
                failing.add(check.name());
            }
        }
        return failing;
    }

    private void live(HttpExchange exchange) throws IOException {
        List<String> dead = failing(checks.stream().filter(ReadinessCheck::isVital).toList());
        if (dead.isEmpty()) {
            respond(exchange, 200, "text/plain; charset=utf-8", "ok\n");
        } else {
            respond(exchange, 503, "text/plain; charset=utf-8", "not live: " + String.join(", ", dead) + "\n");
        }
    }

    private void ready(HttpExchange exchange) throws IOException {
        List<String> failing = failingChecks();
        if (failing.isEmpty()) {
            respond(exchange, 200, "text/plain; charset=utf-8", "ready\n");
        } else {
            respond(exchange, 503, "text/plain; charset=utf-8", "not ready: " + String.join(", ", failing) + "\n");
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                byte[] bytes = "method not allowed\n".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, bytes.length);
                exchange.getResponseBody().write(bytes);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static Optional<PrometheusMeterRegistry> findPrometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return Optional.of(p);
        }
        if (registry instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry inner : composite.getRegistries()) {
                Optional<PrometheusMeterRegistry> found = findPrometheus(inner);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
