package org.vasco.coordinator.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.coordinator.json.ApiJson;

/** The review page's HTML, and the verdict endpoint's token check and storage. */
class ReviewEndpointsTest {

    private static ReviewFixture fixture;
    private static String base;
    private static String baseWithoutToken;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ReviewFixture();
        base = fixture.serve(Optional.of(ReviewFixture.TOKEN));
        baseWithoutToken = fixture.serve(Optional.empty());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void pageListsTheFinalCandidatesWithEveryValueEscaped() throws Exception {
        HttpResponse<String> response = ReviewFixture.get(base + "/review/" + fixture.runId);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String page = response.body();
        assertThat(page).contains("data-src-id=\"" + fixture.src(1) + "\"", "data-src-id=\"" + fixture.src(2) + "\"")
                .doesNotContain("data-src-id=\"" + fixture.src(3) + "\"");
        assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").doesNotContain(ReviewFixture.HOSTILE);
        assertThat(page).contains("/api/runs/" + fixture.runId + "/candidates/" + fixture.tile + "%3A1/stamp.png");
        assertThat(page).contains("morphology: KEEP", "2 final candidates", "data-verdict=\"artefact\"");
        assertThat(page).doesNotContain(ReviewFixture.TOKEN);
        // both epochs, lazily loaded, and the deciding measurements first, rounded
        assertThat(page).contains("/candidates/" + fixture.tile + "%3A1/modern.png\" data-base=", "loading=\"lazy\"");
        assertThat(page).contains("<dt title=\"signal-to-noise in the Gaussian window\">SNR_WIN</dt><dd>41.2</dd>",
                "<dd>3.52 px = 1.10× PSF 3.20 px</dd>", "<dd>3 (neighbours, blended)</dd>", "<dd>518.66</dd>")
                .doesNotContain("518.664794921875");
        assertThat(page).containsPattern("Nearest catalogue source</dt><dd>[0-9]\\.[0-9]″ \\((Gaia DR3|PS1 DR2|USNO-B1\\.0)\\)</dd>");
        assertThat(page).containsPattern("Nearest bright star</dt><dd>([0-9.]+′ \\(r [0-9.]+\\)|none within 30′)</dd>");
        assertThat(page).contains("id=\"progress\" data-reviewed=\"", "data-total=\"2\"");

        String index = ReviewFixture.get(base + "/review").body();
        assertThat(index).contains("href=\"/review/" + fixture.runId + "\"");
        assertThat(ReviewFixture.get(base + "/review/not..valid").statusCode()).isEqualTo(400);
    }

    @Test
    void verdictsNeedTheBearerToken() throws Exception {
        String src = fixture.src(1);
        String body = "{\"verdict\": \"real\", \"reviewer\": \"ada\"}";
        assertThat(post(base, src, body, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post(base, src, body, "Bearer not-the-token-at-all");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain(ReviewFixture.TOKEN);
        HttpResponse<String> disabled = post(baseWithoutToken, src, body, "Bearer " + ReviewFixture.TOKEN);
        assertThat(disabled.statusCode()).isEqualTo(403);
        assertThat(disabled.body()).contains("set VASCO_REVIEW_TOKEN");
        assertThat(fixture.reviewRows(src)).isEmpty();

        HttpResponse<String> accepted = post(base, src, body, "Bearer " + ReviewFixture.TOKEN);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        JsonNode answer = ApiJson.MAPPER.readTree(accepted.body());
        assertThat(answer.get("verdict").asText()).isEqualTo("real");
        assertThat(answer.get("decided_at").asText()).endsWith("Z");
        assertThat(fixture.reviewRows(src)).containsExactly("real/ada");
    }

    @Test
    void theLatestVerdictWinsAndHistoryIsKept() throws Exception {
        String src = fixture.src(2);
        String auth = "Bearer " + ReviewFixture.TOKEN;
        assertThat(post(base, src, "{\"verdict\": \"unsure\", \"reviewer\": \"bo\"}", auth).statusCode()).isEqualTo(200);
        assertThat(post(base, src, "{\"verdict\": \"artefact\", \"reviewer\": \"cy\"}", auth).statusCode()).isEqualTo(200);
        assertThat(fixture.reviewRows(src)).containsExactly("unsure/bo", "artefact/cy");
        JsonNode candidate = ApiJson.MAPPER.readTree(ReviewFixture.get(base + "/api/runs/" + fixture.runId
                + "/candidates/" + src).body());
        assertThat(candidate.at("/review/verdict").asText()).isEqualTo("artefact");
        assertThat(candidate.at("/review/reviewer").asText()).isEqualTo("cy");
        assertThat(ReviewFixture.get(base + "/review/" + fixture.runId).body()).contains("artefact by cy at ");
    }

    @Test
    void reviewsExportAsCsvWithEveryDecisionAndTheLatestMarked() throws Exception {
        String src = fixture.src(3); // the other tests' verdicts are on the final candidates
        String auth = "Bearer " + ReviewFixture.TOKEN;
        assertThat(post(base, src, "{\"verdict\": \"unsure\", \"reviewer\": \"=HYPERLINK(1)\"}", auth).statusCode()).isEqualTo(200);
        assertThat(post(base, src, "{\"verdict\": \"real\", \"reviewer\": \"dee\"}", auth).statusCode()).isEqualTo(200);
        HttpResponse<String> csv = ReviewFixture.get(base + "/api/runs/" + fixture.runId + "/reviews.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue(ReviewsCsv.CONTENT_TYPE);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", ReviewsCsv.COLUMNS));
        List<String> mine = lines.stream().filter(l -> l.contains("," + src + ",")).toList();
        assertThat(mine.get(mine.size() - 2)).contains(",unsure,'=HYPERLINK(1),").endsWith(",false");
        assertThat(mine.get(mine.size() - 1)).startsWith(fixture.runId + "," + src + "," + fixture.tile + ",XE002,")
                .contains(",real,dee,").endsWith(",true");

        // into the bundle: needs the token, and a finalised run (this one is not)
        HttpRequest.Builder toBundle = HttpRequest.newBuilder(URI.create(base + "/api/runs/" + fixture.runId + "/reviews/bundle"))
                .POST(HttpRequest.BodyPublishers.noBody());
        assertThat(HttpClient.newHttpClient().send(toBundle.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        HttpResponse<String> notFinalised = HttpClient.newHttpClient().send(toBundle.header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notFinalised.statusCode()).isEqualTo(409);
        assertThat(notFinalised.body()).contains("written once the run is finalised");
    }

    @Test
    void malformedVerdictsAreRefused() throws Exception {
        String src = fixture.src(1);
        String auth = "Bearer " + ReviewFixture.TOKEN;
        assertThat(post(base, src, "{\"verdict\": \"maybe\", \"reviewer\": \"ada\"}", auth).body()).contains("Unknown verdict 'maybe'");
        assertThat(post(base, src, "{\"verdict\": \"real\", \"reviewer\": \"  \"}", auth).statusCode()).isEqualTo(400);
        assertThat(post(base, src, "{\"verdict\": \"real\"}", auth).statusCode()).isEqualTo(400);
        assertThat(post(base, src, "not json", auth).statusCode()).isEqualTo(400);
        assertThat(post(base, fixture.src(77), "{\"verdict\": \"real\", \"reviewer\": \"ada\"}", auth).statusCode()).isEqualTo(404);
        assertThat(post(base, "tile_RA1.000_DECp1.000;DROP:1", "{\"verdict\": \"real\", \"reviewer\": \"ada\"}", auth)
                .statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> post(String server, String src, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + "/api/runs/" + fixture.runId
                        + "/candidates/" + src.replace(";", "%3B") + "/review"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
