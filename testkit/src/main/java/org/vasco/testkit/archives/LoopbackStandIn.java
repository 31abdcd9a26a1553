package org.vasco.testkit.archives;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The plumbing shared by the veto stand-ins: a JDK HTTP server on 127.0.0.1 with a free port, a request counter,
 * and faults on demand ({@link #failWith}). Subclasses answer the protocol in {@link #answer}. Thread-safe.
 */
public abstract class LoopbackStandIn implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, getClass().getSimpleName());
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService delayed = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, getClass().getSimpleName() + "-slow");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<ServiceFault> fault = new AtomicReference<>();
    private final AtomicInteger faultsLeft = new AtomicInteger();
    private volatile Duration slowDelay = Duration.ofSeconds(30);
    private final AtomicReference<ScriptedReply> scripted = new AtomicReference<>();
    private final AtomicInteger scriptedLeft = new AtomicInteger();

    protected LoopbackStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port for " + getClass().getSimpleName(), e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} + path. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Requests received so far, faulty ones included. */
    public int requests() {
        return requests.get();
    }

    /** The next {@code times} requests get {@code fault}; {@code Integer.MAX_VALUE} for every request. */
    public void failWith(ServiceFault fault, int times) {
        this.faultsLeft.set(times);
        this.fault.set(fault);
    }

    /** The next {@code times} requests are answered with exactly this reply (after any fault); MAX_VALUE for all. */
    public void answerWith(ScriptedReply reply, int times) {
        this.scriptedLeft.set(times);
        this.scripted.set(reply);
    }

    /** Back to normal service: no fault, no scripted reply. */
    public void heal() {
        fault.set(null);
        faultsLeft.set(0);
        scripted.set(null);
        scriptedLeft.set(0);
    }

    /** How long a {@link ServiceFault#SLOW} answer is held back. */
    public void slowDelay(Duration delay) {
        this.slowDelay = delay;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        ServiceFault f = fault.get();
        if (f != null && faultsLeft.getAndDecrement() > 0) {
            misbehave(exchange, f);
            return;
        }
        ScriptedReply script = scripted.get();
        if (script != null && scriptedLeft.getAndDecrement() > 0) {
            exchange.getRequestBody().readAllBytes();
            send(exchange, new Reply(script.status(), script.contentType(), script.body()));
            return;
        }
        Reply reply;
        try {
            reply = answer(exchange);
        } catch (IOException e) {
            // What the client sent could not be read (a broken upload, a bad form): the client's fault, like a 400.
            reply = new Reply(400, "text/plain", ("Bad request: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            reply = new Reply(500, "text/plain", ("stand-in failed: " + e).getBytes(StandardCharsets.UTF_8));
        }
        send(exchange, reply);
    }

    private void misbehave(HttpExchange exchange, ServiceFault f) throws IOException {
        exchange.getRequestBody().readAllBytes();
        switch (f) {
            case HTTP_500 -> send(exchange, new Reply(500, "text/html",
                    "<html><body><h1>500 Internal Server Error</h1></body></html>".getBytes(StandardCharsets.UTF_8)));
            case HTTP_503 -> {
                exchange.getResponseHeaders().add("Retry-After", "0");
                send(exchange, new Reply(503, "text/html",
                        "<html><body>Service Temporarily Unavailable</body></html>".getBytes(StandardCharsets.UTF_8)));
            }
            case GARBAGE -> send(exchange, new Reply(200, "application/x-votable+xml",
                    "<html><head><title>Maintenance</title></head><body>back soon".getBytes(StandardCharsets.UTF_8)));
            case QUERY_ERROR -> send(exchange, new Reply(200, "application/x-votable+xml",
                    VoTableText.error("Query failed: the database is not available").getBytes(StandardCharsets.UTF_8)));
            case SLOW -> delayed.schedule(() -> {
                try {
                    send(exchange, new Reply(200, "text/plain", "too late".getBytes(StandardCharsets.UTF_8)));
                } catch (IOException ignored) {
                    // The client gave up long ago: that is the point of this fault.
                }
            }, slowDelay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    /** Answers one well-behaved request. */
    protected abstract Reply answer(HttpExchange exchange) throws IOException;

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        delayed.shutdownNow();
    }

    /**
     * An HTTP reply.
     *
     * @param status      status code
     * @param contentType Content-Type
     * @param body        bytes
     */
    protected record Reply(int status, String contentType, byte[] body) {

        static Reply votable(int status, String xml) {
            return new Reply(status, "application/x-votable+xml", xml.getBytes(StandardCharsets.UTF_8));
        }

        static Reply text(int status, String text) {
            return new Reply(status, "text/plain", text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
