package org.vasco.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;

/**
 * Recording at the one place all archive traffic passes ({@link ArchiveClient}) and replaying it offline: the replay
 * gives the same status, headers, body bytes and attempt count as the recorded run, with the server gone; a request the
 * recording lacks fails permanently, naming the request; a recorded failure comes back as the same kind of failure; an
 * altered recording is refused.
 */
class ArchiveRecordingTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path recording;

    @Test
    void aRecordedRunReplaysByteForByteWithTheServerGone() throws Exception {
        AtomicInteger throttled = new AtomicInteger();
        HttpServer server = server(exchange -> {
            byte[] body;
            if ("POST".equals(exchange.getRequestMethod())) {
                body = ("echo:" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1)
                        .replaceAll("--b[0-9]+", "--B")).getBytes(StandardCharsets.ISO_8859_1);
                exchange.getResponseHeaders().set("Content-Type", "text/csv");
            } else if (exchange.getRequestURI().getQuery().contains("busy") && throttled.getAndIncrement() == 0) {
                exchange.getResponseHeaders().set("Retry-After", "0");
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            } else {
                body = gzip("#table for " + exchange.getRequestURI().getQuery() + "\nra\tdec\n1.5\t-2.25\n");
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                exchange.getResponseHeaders().set("Content-Type", "text/tab-separated-values");
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        String name = "survey-" + NAMES.incrementAndGet();
        ArchiveClient recorder = client(name, server, ArchiveRecording.recordTo(recording));
        ArchiveResponse cone = recorder.get(query("cone", "10.5"));
        ArchiveResponse busy = recorder.get(query("busy", "1"));
        String boundary = "b" + System.nanoTime();
        ArchiveResponse upload = recorder.post(multipart(boundary), "multipart/form-data; boundary=" + boundary);
        server.stop(0);

        ArchiveClient replayer = client(name, server, ArchiveRecording.replayFrom(recording));
        ArchiveResponse cone2 = replayer.get(query("cone", "10.5"));
        ArchiveResponse busy2 = replayer.get(query("busy", "1"));
        // Another random boundary, as every MultipartForm has: still the same request.
        String another = "b" + (System.nanoTime() + 7);
        ArchiveResponse upload2 = replayer.post(multipart(another), "multipart/form-data; boundary=" + another);

        assertThat(cone.bodyText()).startsWith("#table for x=cone&v=10.5");
        assertThat(cone2.body()).isEqualTo(cone.body());
        assertThat(cone2.headers()).isEqualTo(cone.headers());
        assertThat(busy.attempts()).as("the recorded run was throttled once").isEqualTo(2);
        assertThat(busy2.attempts()).as("and so is its replay").isEqualTo(2);
        assertThat(busy2.body()).isEqualTo(busy.body());
        assertThat(upload2.bodyText()).isEqualTo(upload.bodyText()).startsWith("echo:");
        try (Stream<Path> files = Files.list(recording.resolve(name))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("4 exchanges (one a 503), each with its metadata and body, the upload's request body kept too")
                    .filteredOn(f -> f.endsWith(".json")).hasSize(4);
        }
        Path gzipped = Files.list(recording.resolve(name)).filter(p -> p.toString().endsWith("-0.body"))
                .filter(p -> bytesStartWith(p, (byte) 0x1f, (byte) 0x8b)).findFirst().orElseThrow();
        assertThat(gzipped).as("bodies are kept as sent, still gzip-encoded").exists();
    }

    @Test
    void aRequestTheRecordingLacksFailsPermanentlyNamingIt() throws Exception {
        HttpServer server = answering("ok");
        String name = recordedOnce(server, query("cone", "10.5"));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        ArchiveClient replayer = new ArchiveClient(service(name, server, ArchiveRecording.replayFrom(recording)), metrics, "t");

        assertThatThrownBy(() -> replayer.get(query("cone", "11.5")))
                .isInstanceOf(MissingRecordingException.class)
                .hasMessageContaining(name).hasMessageContaining("GET ?x=cone&v=11.5")
                .hasMessageContaining(recording.toString()).hasMessageContaining("never made this request")
                .satisfies(e -> assertThat(((ArchiveException) e).isRetriable()).isFalse());
        assertThat(metrics.get("vasco.external.errors").tag("kind", "not_recorded").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRecordedFailureIsReplayedAsTheSameKindOfFailure() throws Exception {
        HttpServer server = server(exchange -> exchange.close());
        server.stop(0);
        String name = "survey-" + NAMES.incrementAndGet();
        ArchiveClient recorder = client(name, server, ArchiveRecording.recordTo(recording));
        ArchiveException live = catchArchive(() -> recorder.get(query("cone", "1")));
        ArchiveException replayed = catchArchive(() -> client(name, server, ArchiveRecording.replayFrom(recording))
                .get(query("cone", "1")));

        assertThat(live.getMessage()).contains("unreachable").contains("connect");
        assertThat(replayed.getMessage()).contains("unreachable").contains("after 2 attempt(s): connect");
        assertThat(replayed.isRetriable()).isEqualTo(live.isRetriable()).isTrue();
    }

    @Test
    void anAlteredRecordingIsRefused() throws Exception {
        HttpServer server = answering("12345");
        String name = recordedOnce(server, query("cone", "2"));
        Path body;
        try (Stream<Path> files = Files.list(recording.resolve(name))) {
            body = files.filter(p -> p.toString().endsWith(".body")).findFirst().orElseThrow();
        }
        Files.writeString(body, "54321");

        assertThatThrownBy(() -> client(name, server, ArchiveRecording.replayFrom(recording)).get(query("cone", "2")))
                .isInstanceOf(ArchiveException.class).hasMessageContaining("cannot be replayed")
                .hasMessageContaining("SHA-256 differs");
    }

    @Test
    void recordingAndReplayingAtOnceIsAConfigurationError() {
        Environment both = Environment.of(Map.of(ArchiveRecordingSettings.RECORD.name(), "/tmp/a",
                ArchiveRecordingSettings.REPLAY.name(), "/tmp/b"));
        assertThatThrownBy(() -> ArchiveRecordingSettings.recording(both)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("VASCO_ARCHIVE_RECORD").hasMessageContaining("VASCO_ARCHIVE_REPLAY");
        assertThat(ArchiveRecordingSettings.recording(Environment.of(Map.of()))).isEqualTo(ArchiveRecording.NONE);
        assertThat(ArchiveRecordingSettings.recording(Environment.of(Map.of(ArchiveRecordingSettings.REPLAY.name(), "/tmp/b"))))
                .isEqualTo(ArchiveRecording.replayFrom(Path.of("/tmp/b")));
    }

    private static boolean bytesStartWith(Path file, byte a, byte b) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return bytes.length > 1 && bytes[0] == a && bytes[1] == b;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface ArchiveCall {
        void run() throws Exception;
    }

    private static ArchiveException catchArchive(ArchiveCall call) throws Exception {
        try {
            call.run();
        } catch (ArchiveException e) {
            return e;
        }
        throw new AssertionError("expected an ArchiveException");
    }

    private static Map<String, String> query(String x, String v) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("x", x);
        q.put("v", v);
        return q;
    }

    private static byte[] multipart(String boundary) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"QUERY\"\r\n\r\nSELECT 1\r\n--" + boundary
                + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** Records one GET of {@code query} to {@code server} under a new service name, then stops the server. */
    private String recordedOnce(HttpServer server, Map<String, String> query) throws Exception {
        String name = "survey-" + NAMES.incrementAndGet();
        client(name, server, ArchiveRecording.recordTo(recording)).get(query);
        server.stop(0);
        return name;
    }

    /** A server answering every request with 200 and {@code body}. */
    private static HttpServer answering(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return server(exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private static HttpServer server(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    private static ArchiveService service(String name, HttpServer server, ArchiveRecording recording) {
        return new ArchiveService(name, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/archive"),
                Duration.ofSeconds(5), 2, Duration.ofMillis(5), 1000.0, recording);
    }

    private static ArchiveClient client(String name, HttpServer server, ArchiveRecording recording) {
        return new ArchiveClient(service(name, server, recording), new SimpleMeterRegistry(), "vasco-test");
    }
}
