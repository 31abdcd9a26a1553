package org.vasco.coordinator.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.coordinator.api.ApiRouter;

/**
 * The review page against hostile values and hostile requests (docs/security.md): values in every HTML context are
 * escaped, the page carries a policy that would stop any script but its own, verdicts need the bearer token in the
 * header (a cookie or a cross-site form cannot supply it), and bad paths and large bodies are refused.
 */
class ReviewHardeningTest {

    /** Breaks out of a double-quoted attribute, then out of the element. */
    private static final String ATTRIBUTE_BREAKER = "x\" onmouseover=\"alert(1)";
    private static final String ELEMENT_BREAKER = "</li><img src=x onerror=alert(2)>";
    private static final String REVIEWER = "\"><svg onload=alert(3)>";

    private static ReviewFixture fixture;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ReviewFixture();
        base = fixture.serve(Optional.of(ReviewFixture.TOKEN));
        fixture.db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO candidate_flag (run_id, src_id, stage, verdict, reason)"
                    + " VALUES (?, ?, ?, 'FLAG', ?)")) {
                ps.setString(1, fixture.runId);
                ps.setString(2, fixture.src(2));
                ps.setString(3, ELEMENT_BREAKER);
                ps.setString(4, ATTRIBUTE_BREAKER + ELEMENT_BREAKER);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE candidate SET measurements = measurements || jsonb_build_object(?::text, ?::text)"
                    + " WHERE run_id = ? AND src_id = ?")) {
                ps.setString(1, ELEMENT_BREAKER);
                ps.setString(2, ATTRIBUTE_BREAKER);
                ps.setString(3, fixture.runId);
                ps.setString(4, fixture.src(2));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void hostileValuesAreEscapedInTextAndAttributes() throws Exception {
        HttpResponse<String> recorded = post(fixture.src(2), "{\"verdict\": \"unsure\", \"reviewer\": \"" + REVIEWER.replace("\"", "\\\"")
                + "\"}", "Bearer " + ReviewFixture.TOKEN, "application/json");
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);

        String page = ReviewFixture.get(base + "/review/" + fixture.runId).body();
        assertThat(page).doesNotContain(ATTRIBUTE_BREAKER, ELEMENT_BREAKER, REVIEWER, "<img src=x", "<svg");
        assertThat(page).contains("x&quot; onmouseover=&quot;alert(1)", "&lt;/li&gt;&lt;img src=x onerror=alert(2)&gt;",
                "unsure by &quot;&gt;&lt;svg onload=alert(3)&gt;");
        // Only the page's own elements: one script, no inline event handler anywhere.
        assertThat(page.split("<script", -1)).hasSize(2);
        assertThat(page).doesNotContainPattern("<[^>]*\\son[a-z]+=");
    }

    @Test
    void pagesCarryAPolicyThatAllowsOnlyTheirOwnScript() throws Exception {
        for (String path : new String[] {"/review", "/review/" + fixture.runId}) {
            HttpResponse<String> response = ReviewFixture.get(base + path);
            String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(policy).as(path).contains("default-src 'none'", "frame-ancestors 'none'", "form-action 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "*");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        HttpResponse<String> response = ReviewFixture.get(base + "/review/" + fixture.runId);
        String page = response.body();
        String script = page.substring(page.indexOf("<script>") + "<script>".length(), page.indexOf("</script>"));
        String style = page.substring(page.indexOf("<style>") + "<style>".length(), page.indexOf("</style>"));
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src " + hash(script) + ";", "style-src " + hash(style) + ";");
    }

    @Test
    void verdictsNeedTheTokenInTheHeaderNotInACookieOrAForm() throws Exception {
        String verdict = "{\"verdict\": \"real\", \"reviewer\": \"mallory\"}";
        HttpResponse<String> cookie = send(HttpRequest.newBuilder(reviewUri(fixture.src(1)))
                .header("Cookie", "token=" + ReviewFixture.TOKEN + "; Authorization=Bearer " + ReviewFixture.TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(verdict)));
        assertThat(cookie.statusCode()).isEqualTo(401);
        // What a cross-site HTML form can send: a simple content type and no Authorization header.
        assertThat(post(fixture.src(1), "verdict=real&reviewer=mallory", null, "application/x-www-form-urlencoded")
                .statusCode()).isEqualTo(401);
        assertThat(post(fixture.src(1), verdict, "Basic " + Base64.getEncoder().encodeToString(
                ("x:" + ReviewFixture.TOKEN).getBytes(StandardCharsets.UTF_8)), "application/json").statusCode()).isEqualTo(401);
        assertThat(post(fixture.src(1), verdict, "Bearer " + ReviewFixture.TOKEN + "x", "application/json").statusCode())
                .isEqualTo(403);
        assertThat(post(fixture.src(1), verdict, "Bearer " + ReviewFixture.TOKEN.substring(1), "application/json").statusCode())
                .isEqualTo(403);
        // A cross-origin fetch that could carry the header needs a preflight first: it gets no CORS grant.
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(reviewUri(fixture.src(1)))
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(405);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(fixture.reviewRows(fixture.src(1))).isEmpty();
    }

    @Test
    void traversalInPathsAndOversizedBodiesAreRefused() throws Exception {
        for (String path : new String[] {"/review/..%2F..%2Fetc%2Fpasswd", "/review/%2e%2e",
                "/api/runs/" + fixture.runId + "/candidates/..%2F..%2Fx%3A1/stamp.png",
                "/api/runs/" + fixture.runId + "/candidates/" + fixture.tile + "%2F..%3A1/stamp.png",
                "/api/runs/x'%3B%20DROP%20TABLE%20run%3B--/tiles"}) {
            HttpResponse<String> response = ReviewFixture.get(base + path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/json; charset=utf-8");
            assertThat(response.body()).as(path).doesNotContain("\tat ", "Exception");
        }
        HttpResponse<String> large = post(fixture.src(1), "{\"verdict\": \"real\", \"reviewer\": \""
                + "a".repeat(ApiRouter.MAX_BODY_BYTES) + "\"}", "Bearer " + ReviewFixture.TOKEN, "application/json");
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(fixture.reviewRows(fixture.src(1))).isEmpty();
    }

    private static String hash(String content) throws Exception {
        return "'sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8))) + "'";
    }

    private static URI reviewUri(String src) {
        return URI.create(base + "/api/runs/" + fixture.runId + "/candidates/" + src + "/review");
    }

    private static HttpResponse<String> post(String src, String body, String authorization, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(reviewUri(src)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
