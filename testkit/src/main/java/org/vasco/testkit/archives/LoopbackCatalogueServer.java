package org.vasco.testkit.archives;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the loopback VizieR and MAST servers share: a JDK HTTP server on 127.0.0.1, a log of the
 * requests it answered, and scripted misbehaviour ({@link CatalogueMisbehaviour}) for the next N
 * requests, or for a while ({@link #outage}). Subclasses only render a normal reply. Thread-safe.
 */
abstract class LoopbackCatalogueServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackCatalogueServer.class);

    /** How long a SLOW reply is held at most; stopping the server releases it at once. */
    private static final Duration SLOW_HOLD = Duration.ofSeconds(30);

    private final HttpServer server;
    private final ExecutorService executor;
    private final String path;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private CatalogueMisbehaviour misbehaviour = CatalogueMisbehaviour.NONE;
    private int misbehaviourLeft;
    private int normalBeforeMisbehaviour;
    private CatalogueMisbehaviour outage = CatalogueMisbehaviour.NONE;
    private Instant outageUntil = Instant.MIN;
    private volatile int retryAfterSeconds = 1;
    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    private java.util.function.UnaryOperator<String> rewrite;
    private int rewritesLeft;

    protected LoopbackCatalogueServer(String path) {
        this.path = path;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open a loopback port for " + getClass().getSimpleName(), e);
        }
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(path, this::handle);
    }

    /** Starts listening; returns this for chaining. */
    protected void startListening() {
        server.start();
    }

    /** The URL of the service endpoint, e.g. {@code http://127.0.0.1:40123/viz-bin/asu-tsv}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Misbehave in the given way for the next {@code times} requests, then answer normally again. */
    public synchronized void misbehave(CatalogueMisbehaviour how, int times) {
        this.misbehaviour = how;
        this.misbehaviourLeft = times;
        this.normalBeforeMisbehaviour = 0;
    }

    /** Answer the next {@code normalReplies} requests normally, then misbehave until told otherwise (e.g. a later page fails). */
    public synchronized void misbehaveAfter(int normalReplies, CatalogueMisbehaviour how) {
        misbehave(how, Integer.MAX_VALUE);
        this.normalBeforeMisbehaviour = normalReplies;
    }

    /**
     * The next {@code times} normal replies are passed through {@code rewrite} before they are sent (with the
     * status and Content-Type of a normal reply): how a hostile table (renamed columns, extra unit lines, NaN
     * positions, duplicated rows) is made from a real one.
     */
    public synchronized void rewriteReplies(java.util.function.UnaryOperator<String> rewrite, int times) {
        this.rewrite = java.util.Objects.requireNonNull(rewrite, "rewrite");
        this.rewritesLeft = times;
    }

    /** Normal replies are sent as rendered again. */
    public synchronized void stopRewriting() {
        this.rewrite = null;
        this.rewritesLeft = 0;
    }

    private synchronized String rewritten(String body) {
        if (rewrite == null || rewritesLeft <= 0) {
            return body;
        }
        if (rewritesLeft != Integer.MAX_VALUE) {
            rewritesLeft--;
        }
        return rewrite.apply(body);
    }

    /** Misbehave in the given way until told otherwise. */
    public void misbehaveAlways(CatalogueMisbehaviour how) {
        misbehave(how, Integer.MAX_VALUE);
    }

    /**
     * Every request from now until {@code length} has passed misbehaves this way, whatever was scheduled with
     * {@link #misbehave}: an archive that is down or throttling for a while (e.g. 429 or 503 for a minute).
     */
    public synchronized void outage(CatalogueMisbehaviour how, Duration length) {
        this.outage = how;
        this.outageUntil = Instant.now().plus(length);
    }

    /** The {@code Retry-After} value (seconds) sent with 429 and 503 replies; default 1. */
    public void retryAfterSeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("Retry-After must not be negative: " + seconds);
        }
        this.retryAfterSeconds = seconds;
    }

    /** Requests refused with 429 or 503 so far. */
    public int refusedCount() {
        return refused.get();
    }

    /** Requests received so far (every attempt, including misbehaved ones). */
    public int requestCount() {
        return requests.size();
    }

    /** The decoded query parameters of every request received, in arrival order. */
    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    private synchronized CatalogueMisbehaviour nextBehaviour() {
        if (Instant.now().isBefore(outageUntil)) {
            return outage;
        }
        if (normalBeforeMisbehaviour > 0) {
            normalBeforeMisbehaviour--;
            return CatalogueMisbehaviour.NONE;
        }
        if (misbehaviourLeft <= 0) {
            return CatalogueMisbehaviour.NONE;
        }
        if (misbehaviourLeft != Integer.MAX_VALUE) {
            misbehaviourLeft--;
        }
        return misbehaviour;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                respond(exchange);
            } catch (RuntimeException e) {
                // A stand-in that dies silently looks like a network fault to the client; say what broke.
                LOG.error("Loopback catalogue server failed on {}: {}", exchange.getRequestURI(), e.toString(), e);
                send(exchange, 500, "text/plain; charset=UTF-8", "Internal error of the loopback server: " + e + "\n");
            }
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        Map<String, String> params = CatalogueQueryString.parse(exchange.getRequestURI());
        requests.add(params);
        CatalogueMisbehaviour how = nextBehaviour();
        switch (how) {
            case GARBAGE -> send(exchange, 200, "text/html; charset=UTF-8",
                    "<!DOCTYPE html>\n<html><head><title>Service temporarily unavailable</title></head>\n"
                            + "<body><h1>Sorry</h1><p>The server is overloaded, please retry later.</p></body></html>\n");
            case HTTP_500 -> send(exchange, 500, "text/plain; charset=UTF-8", "Internal Server Error\n");
            case TOO_MANY_REQUESTS -> refuse(exchange, 429, "Too Many Requests: slow down\n");
            case SERVICE_UNAVAILABLE -> refuse(exchange, 503, "Service Unavailable: back soon\n");
            case SLOW -> {
                awaitStopOrHold();
                send(exchange, 200, contentType(), "");
            }
            case TRUNCATED_STREAM -> sendHalf(exchange, render(params, CatalogueMisbehaviour.NONE));
            default -> {
                Reply reply;
                try {
                    reply = new Reply(200, rewritten(render(params, how)));
                } catch (IllegalArgumentException e) {
                    reply = new Reply(400, badRequest(e.getMessage()));
                }
                send(exchange, reply.status(), reply.status() == 200 ? contentType() : "text/plain; charset=UTF-8",
                        reply.body());
            }
        }
    }

    /**
     * The reply body for a request; {@code how} is NONE, EMPTY or WRONG_COLUMNS.
     *
     * @throws IllegalArgumentException for a request the real service would refuse (answered 400)
     */
    protected abstract String render(Map<String, String> params, CatalogueMisbehaviour how);

    protected abstract String contentType();

    protected String badRequest(String problem) {
        return "Bad request: " + problem + "\n";
    }

    private void awaitStopOrHold() {
        try {
            stopping.await(SLOW_HOLD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refuse(HttpExchange exchange, int status, String body) throws IOException {
        refused.incrementAndGet();
        exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
        send(exchange, status, "text/plain; charset=UTF-8", body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Promises the whole body, delivers half, and drops the connection: the client must notice. Throwing
     * out of the handler is what makes the JDK server close the socket instead of keeping it alive.
     */
    private void sendHalf(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType());
        exchange.sendResponseHeaders(200, bytes.length);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        throw new IOException("loopback server cut the reply after " + bytes.length / 2 + " of " + bytes.length + " bytes on purpose");
    }

    @Override
    public void close() {
        stopping.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private record Reply(int status, String body) {
    }
}
