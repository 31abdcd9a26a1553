package org.vasco.coordinator.api;

import org.vasco.coordinator.json.ApiJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.coordinator.review.ReviewFixture;
import org.vasco.testkit.hostile.HostileCase;
import org.vasco.testkit.hostile.HostileNames;

/**
 * The API-path cases of the hostile-input corpus ({@link HostileNames#apiPaths()}), sent as raw HTTP request lines
 * (so no client library normalises or refuses them first): each is answered 4xx with a JSON error naming the
 * problem, marked {@code nosniff}, and the API still answers a normal request afterwards.
 */
class HostileApiPathCorpusTest {

    private static ReviewFixture fixture;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ReviewFixture();
        base = URI.create(fixture.serve(Optional.empty()));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void hostilePathsAreRefusedWithAJsonErrorAndTheApiKeepsServing() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        for (HostileCase<String> c : HostileNames.apiPaths()) {
            String name = c.name() + " (" + c.input() + ")";
            RawReply reply = get(c.build().replace("RUN", fixture.runId));
            soft.assertThat("HTTP_" + reply.status()).as(name + ": " + reply.body()).isEqualTo(c.expected().reason());
            soft.assertThat(reply.header("content-type")).as(name).startsWith(Reply.JSON);
            soft.assertThat(reply.header("x-content-type-options")).as(name).isEqualTo("nosniff");
            String message;
            try {
                JsonNode error = ApiJson.MAPPER.readTree(reply.body());
                message = error.path("error").asText();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                message = "not JSON: " + reply.head() + "\n" + reply.body();
            }
            soft.assertThat(message).as(name + ": message").contains(c.expected().phrase());
        }
        soft.assertAll();
        RawReply ok = get("/api/runs/" + fixture.runId);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    private record RawReply(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }
    }

    /** One GET with the path written exactly as given, HTTP/1.0 so the server closes after the reply. */
    private static RawReply get(String rawPath) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.0\r\nHost: " + base.getHost() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.split(" ")[1]);
            return new RawReply(status, head, body);
        }
    }
}
