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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A remote archive is untrusted (docs/security.md): a reply larger than the client's limit, as sent or after gzip
 * decoding (a "gzip bomb"), fails the request once, permanently, without being read into memory whole.
 */
class ReplySizeLimitTest {

    private static final int LIMIT = 1 << 20;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile byte[] body = new byte[0];
    private volatile boolean gzip;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            if (gzip) {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the client hung up once the body passed its limit
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ArchiveClient client() {
        ArchiveService service = new ArchiveService("limit-" + NAMES.incrementAndGet(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/reply"), Duration.ofSeconds(10), 3,
                Duration.ofMillis(5), 1000);
        return new ArchiveClient(service, new SimpleMeterRegistry(), "vasco-test", LIMIT);
    }

    @Test
    void aReplyWithinTheLimitIsRead() throws Exception {
        body = new byte[LIMIT];
        assertThat(client().get(Map.of()).body()).hasSize(LIMIT);
    }

    @Test
    void anOversizedReplyFailsOnceAndPermanently() {
        body = new byte[4 * LIMIT];
        assertThatThrownBy(() -> client().get(Map.of()))
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.isRetriable()).isFalse())
                .hasMessageContaining("larger than " + LIMIT + " bytes");
        assertThat(requests).hasValue(1);
    }

    @Test
    void aGzipBombIsRefusedAfterTheLimit() throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(packed)) {
            byte[] zeros = new byte[1 << 16];
            for (int i = 0; i < 64 * LIMIT / zeros.length; i++) {
                out.write(zeros);
            }
        }
        body = packed.toByteArray();
        gzip = true;
        assertThat(body.length).isLessThan(LIMIT);
        assertThatThrownBy(() -> client().get(Map.of()))
                .isInstanceOfSatisfying(ArchiveException.class, e -> assertThat(e.isRetriable()).isFalse())
                .hasMessageContaining("decompresses to more than " + LIMIT + " bytes");
    }
}
