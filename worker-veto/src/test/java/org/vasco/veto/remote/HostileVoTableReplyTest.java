package org.vasco.veto.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive replies are untrusted (docs/security.md): a VOTable that declares external entities, an external DTD or
 * a {@code STREAM href} must not make the worker read local files or call other URLs, through the real SkyBoT and
 * TAP clients. A loopback server answers each hostile document and counts what else it is asked for.
 */
class HostileVoTableReplyTest {

    private static final String SECRET = "TOP-SECRET-" + System.nanoTime();
    private static final String NS = "xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\"";

    @TempDir
    Path dir;
    private HttpServer server;
    private volatile String reply = "";
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private Path secretFile;

    @BeforeEach
    void start() throws IOException {
        secretFile = Files.writeString(dir.resolve("secret.txt"), SECRET);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = exchange.getRequestURI().getPath().startsWith("/service")
                    ? reply.getBytes(StandardCharsets.UTF_8) : SECRET.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void externalEntitiesInASkybotErrorAreNotResolved() {
        reply = "<?xml version=\"1.0\"?>\n<!DOCTYPE VOTABLE [<!ENTITY x SYSTEM \"" + secretFile.toUri() + "\">"
                + "<!ENTITY y SYSTEM \"" + uri("/exfiltrate") + "\">]>\n<VOTABLE version=\"1.3\" " + NS + "><RESOURCE>"
                + "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">failed: &x;&y;</INFO></RESOURCE></VOTABLE>";
        SkybotClient skybot = new SkybotClient(StandIns.client(uri("/service/skybot"), 1));
        assertThatThrownBy(() -> skybot.cone(2434000.5, 150, 20, 600))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("reported an error: failed:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThat(requests).doesNotContainKey("/exfiltrate");
    }

    @Test
    void anExternalDtdIsNeverFetched() throws Exception {
        reply = "<?xml version=\"1.0\"?>\n<!DOCTYPE VOTABLE [<!ENTITY % remote SYSTEM \"" + uri("/evil.dtd") + "\"> %remote;]>\n"
                + "<VOTABLE version=\"1.3\" " + NS + "><RESOURCE><INFO name=\"QUERY_STATUS\" value=\"ERROR\">"
                + SkybotClient.NO_OBJECT + " in the requested FOV</INFO></RESOURCE></VOTABLE>";
        SkybotClient skybot = new SkybotClient(StandIns.client(uri("/service/skybot"), 1));
        assertThat(skybot.cone(2434000.5, 150, 20, 600)).isEmpty();
        assertThat(requests).doesNotContainKey("/evil.dtd");
        assertThat(requests.get("/service/skybot")).hasValue(1);
    }

    @Test
    void externalEntitiesInATapTableCellAreNotResolved() {
        reply = "<?xml version=\"1.0\"?>\n<!DOCTYPE VOTABLE [<!ENTITY x SYSTEM \"" + secretFile.toUri() + "\">]>\n"
                + "<VOTABLE version=\"1.3\" " + NS + "><RESOURCE type=\"results\"><INFO name=\"QUERY_STATUS\" value=\"OK\"/>"
                + "<TABLE><FIELD name=\"row_id\" datatype=\"char\" arraysize=\"*\"/><DATA><TABLEDATA>"
                + "<TR><TD>&x;</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        TapUploadClient tap = new TapUploadClient(StandIns.client(uri("/service/tap/sync"), 1));
        assertThatThrownBy(() -> tap.countsByRowId("SELECT 1", VoTables.uploadTable(new double[0], new double[0]), null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("non-numeric row_id")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void aStreamPointingElsewhereIsRefusedUnread() {
        reply = "<?xml version=\"1.0\"?>\n<VOTABLE version=\"1.3\" " + NS + "><RESOURCE type=\"results\">"
                + "<INFO name=\"QUERY_STATUS\" value=\"OK\"/><TABLE><FIELD name=\"row_id\" datatype=\"int\"/>"
                + "<DATA><BINARY><STREAM href=\"" + uri("/stream.bin") + "\"/></BINARY></DATA></TABLE></RESOURCE></VOTABLE>";
        TapUploadClient tap = new TapUploadClient(StandIns.client(uri("/service/tap/sync"), 1));
        assertThatThrownBy(() -> tap.countsByRowId("SELECT 1", VoTables.uploadTable(new double[0], new double[0]), null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("STREAM points elsewhere");
        assertThat(requests).doesNotContainKey("/stream.bin");
    }

    @Test
    void internalEntitiesAreNotExpanded() {
        // "Billion laughs": 10^10 copies if expanded. Entity references stay unexpanded nodes, so the text is empty.
        StringBuilder doctype = new StringBuilder("<!DOCTYPE VOTABLE [<!ENTITY a0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            doctype.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        reply = "<?xml version=\"1.0\"?>\n" + doctype + "]>\n<VOTABLE version=\"1.3\" " + NS + "><RESOURCE>"
                + "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">&a10;</INFO></RESOURCE></VOTABLE>";
        SkybotClient skybot = new SkybotClient(StandIns.client(uri("/service/skybot"), 1));
        assertThatThrownBy(() -> skybot.cone(2434000.5, 150, 20, 600))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("reported an error: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("lol"));
    }
}
