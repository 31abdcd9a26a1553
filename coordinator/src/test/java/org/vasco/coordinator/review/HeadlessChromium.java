package org.vasco.coordinator.review;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A headless Chromium driven over its DevTools protocol (a WebSocket, no driver binary, no extra library):
 * launched on one page with {@code --remote-debugging-port=0}, whose chosen port it reads from
 * {@code DevToolsActivePort} in its profile directory. Tests evaluate JavaScript in the page with
 * {@link #evaluate}. Not thread-safe; close it to stop the browser and its child processes.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Debian's {@code chromium} package. */
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, WebSocket.Builder builder, URI page) {
        this.process = process;
        this.socket = builder.buildAsync(page, new Listener()).join();
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Starts the browser on {@code url} with a fresh profile in {@code profile}. */
    public static HeadlessChromium launch(Path profile, String url) throws IOException {
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--no-default-browser-check", url))
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            await("Chromium's DevToolsActivePort").atMost(TIMEOUT).until(() -> !process.isAlive()
                    || (Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2));
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with " + process.exitValue() + ": "
                        + Files.readString(profile.resolve("chromium.log")));
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            AtomicReference<URI> page = new AtomicReference<>();
            await("Chromium's page target").atMost(TIMEOUT).until(() -> {
                HttpResponse<String> targets = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
                for (JsonNode target : JSON.readTree(targets.body())) {
                    if (target.path("type").asText().equals("page") && target.has("webSocketDebuggerUrl")) {
                        page.set(URI.create(target.get("webSocketDebuggerUrl").asText()));
                        return true;
                    }
                }
                return false;
            });
            return new HeadlessChromium(process, http.newWebSocketBuilder(), page.get());
        } catch (IOException | RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    /**
     * Evaluates a JavaScript expression in the page (awaiting a promise) and returns its value as JSON.
     *
     * @throws AssertionError when the expression throws in the page
     */
    public JsonNode evaluate(String expression) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("JavaScript failed in the page: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * Starts collecting what the page reports as an error from now on: console errors (including refused loads and
     * Content-Security-Policy violations) and uncaught exceptions. Launch on {@code about:blank}, call this, then
     * {@link #navigate}, so nothing of the page's load is missed.
     */
    public void collectErrors() throws Exception {
        call("Runtime.enable", JSON.createObjectNode());
        call("Log.enable", JSON.createObjectNode());
    }

    /** Cuts the page off the network: any request it makes fails (and is reported as an error). */
    public void offline() throws Exception {
        call("Network.enable", JSON.createObjectNode());
        call("Network.emulateNetworkConditions", JSON.createObjectNode().put("offline", true).put("latency", 0)
                .put("downloadThroughput", -1).put("uploadThroughput", -1));
    }

    /** Loads {@code url} in the page and waits until it has loaded. */
    public void navigate(String url) throws Exception {
        call("Page.navigate", JSON.createObjectNode().put("url", url));
        await("the page at " + url).atMost(TIMEOUT).until(() -> evaluate("document.readyState === 'complete'"
                + " && location.href !== 'about:blank'").asBoolean());
    }

    /**
     * Types one key into the page as the keyboard would ({@code Input.dispatchKeyEvent}: key down with its text, key
     * up), to whatever has the focus: a printable key such as {@code "j"} or {@code "B"}.
     */
    public void press(String key) throws Exception {
        call("Input.dispatchKeyEvent", JSON.createObjectNode().put("type", "keyDown").put("key", key).put("text", key)
                .put("unmodifiedText", key));
        call("Input.dispatchKeyEvent", JSON.createObjectNode().put("type", "keyUp").put("key", key));
    }

    /** The errors collected since {@link #collectErrors}. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    @Override
    public void close() {
        socket.abort();
        stop(process);
    }

    /** Stops the browser and the renderer processes it started. */
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(child -> {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        });
    }

    /** Collects (possibly fragmented) text frames and completes the call each reply answers. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder frame = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(frame.toString());
                    CompletableFuture<JsonNode> answer = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                    if (answer != null) {
                        answer.complete(message);
                    }
                    collectError(message);
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                } finally {
                    frame.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }

        private void collectError(JsonNode message) {
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            if (method.equals("Runtime.exceptionThrown")) {
                errors.add("exception: " + params.path("exceptionDetails"));
            } else if (method.equals("Runtime.consoleAPICalled") && params.path("type").asText().equals("error")) {
                errors.add("console.error: " + params.path("args"));
            } else if (method.equals("Log.entryAdded") && params.path("entry").path("level").asText().equals("error")) {
                errors.add(params.path("entry").path("source").asText() + ": " + params.path("entry").path("text").asText()
                        + " " + params.path("entry").path("url").asText());
            }
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
