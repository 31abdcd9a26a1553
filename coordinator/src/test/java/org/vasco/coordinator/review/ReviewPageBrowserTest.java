package org.vasco.coordinator.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.coordinator.json.ApiJson;
import org.vasco.coordinator.service.CoordinatorService;
import org.vasco.testkit.services.SharedServices;

/**
 * End to end: the coordinator service serves a seeded run's review page; headless Chromium loads it with error
 * collection on, scrolls to every candidate so the lazily loaded stamps load, and checks that both epochs (the POSS-I
 * stamp and the modern DSS2 red one from the loopback DSS) decode at their real size; the {@code b} key blinks the
 * current candidate's frame to the modern epoch; the reviewer types name and token, moves with {@code j} and decides
 * with {@code r}, and the verdict is in PostgreSQL, the progress count and the reviews CSV. The page reports no error
 * (no refused load, no CSP violation, no exception), and each modern cut-out was fetched from the archive once.
 * Skips only where Debian's chromium package is not installed ({@code .ci/run} installs it).
 */
class ReviewPageBrowserTest {

    private static final int STAMP_PIXELS = 200;

    @Test
    void reviewerBlinksTheEpochsAndMarksACandidateRealFromTheKeyboard() throws Exception {
        assumeTrue(HeadlessChromium.available(), HeadlessChromium.BINARY + " is missing: install Debian's chromium package"
                + " (.ci/run does) to run the review page in a browser");
        SharedServices services = SharedServices.get();
        try (ReviewFixture fixture = new ReviewFixture()) {
            Map<String, String> vars = new HashMap<>();
            vars.put(ClusterSettings.HTTP_PORT.name(), "0");
            vars.put(ClusterSettings.TOPIC_PARTITIONS.name(), "4");
            vars.put(ClusterSettings.JDBC_POOL_SIZE.name(), "4");
            vars.put(ClusterSettings.DATA.name(), fixture.store.root().toString());
            vars.put(FrameworkSettings.OUTBOX_PUBLISHER.name(), "false");
            vars.put(ReviewSettings.TOKEN.name(), ReviewFixture.TOKEN);
            vars.put(ReviewSettings.STAMP_PIXELS.name(), Integer.toString(STAMP_PIXELS));
            vars.put(ReviewSettings.MODERN_DSS.url().name(), fixture.dss.baseUrl().toString());
            vars.put(ReviewSettings.MODERN_DSS.attempts().name(), "1");
            try (CoordinatorService coordinator = CoordinatorService.start(services.environment(vars), null)) {
                String base = "http://127.0.0.1:" + coordinator.httpPort();
                int served = servedStampWidth(base + "/api/runs/" + fixture.runId + "/candidates/" + fixture.src(1)
                        + "/stamp.png");
                assertThat(served).isEqualTo(STAMP_PIXELS);
                try (HeadlessChromium browser = HeadlessChromium.launch(services.newDirectory("chromium"), "about:blank")) {
                    browser.collectErrors();
                    browser.navigate(base + "/review/" + fixture.runId);
                    JsonNode ids = browser.evaluate("Array.from(document.querySelectorAll('article.candidate'))"
                            + ".map(a => a.dataset.srcId)");
                    assertThat(ids).hasSize(2);
                    for (int k = 0; k < ids.size(); k++) {
                        String article = "document.querySelectorAll('article.candidate')[" + k + "]";
                        browser.evaluate(article + ".scrollIntoView(); true");
                        // the POSS-I stamp and the modern one beside it; the blink frame's modern copy loads when shown
                        await("both epochs of " + ids.get(k).asText()).atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(
                                "Array.from(" + article + ".querySelectorAll('img.stamp')).filter(i => i.offsetParent !== null)"
                                        + ".every(i => i.complete && i.naturalWidth === " + served + ")"
                                        + " && " + article + ".querySelectorAll('img.stamp.poss1').length === 1").asBoolean());
                        JsonNode loaded = browser.evaluate("Array.from(" + article + ".querySelectorAll('img.stamp'))"
                                + ".filter(i => i.offsetParent !== null).map(i => i.className + ' ' + i.naturalHeight)");
                        assertThat(loaded).extracting(JsonNode::asText)
                                .containsExactly("stamp poss1 " + served, "stamp modern " + served);
                    }

                    // blink: j selects the first candidate, b switches its frame to the modern epoch and back
                    String first = "document.querySelector('article.candidate')";
                    String frameShows = "(() => { const f = " + first + ".querySelector('figure.blink');"
                            + " return Array.from(f.querySelectorAll('img')).filter(i => getComputedStyle(i).display !== 'none')"
                            + ".map(i => i.className + (i.complete && i.naturalWidth > 0 ? ' loaded' : '')); })()";
                    assertThat(browser.evaluate(frameShows)).extracting(JsonNode::asText).containsExactly("stamp poss1 loaded");
                    browser.press("j");
                    assertThat(browser.evaluate(first + ".classList.contains('current')").asBoolean()).isTrue();
                    browser.press("b");
                    await("the blinked frame's modern epoch").atMost(Duration.ofSeconds(20)).until(() ->
                            browser.evaluate(frameShows).toString().equals("[\"stamp modern loaded\"]"));
                    browser.press("b");
                    assertThat(browser.evaluate(frameShows)).extracting(JsonNode::asText).containsExactly("stamp poss1 loaded");

                    // a keyboard verdict on the second candidate, with the reviewer's name and token
                    String src = fixture.src(2);
                    assertThat(ids.get(1).asText()).isEqualTo(src);
                    browser.evaluate("(() => {"
                            + " const type = (id, value) => { const f = document.getElementById(id); f.value = value;"
                            + "   f.dispatchEvent(new Event('input')); };"
                            + " type('reviewer', 'ada'); type('token', " + js(ReviewFixture.TOKEN) + ");"
                            + " document.activeElement.blur(); return true; })()");
                    assertThat(browser.evaluate("document.getElementById('progress').textContent").asText())
                            .isEqualTo("0 of 2 reviewed");
                    browser.press("j");
                    browser.press("r");
                    await().atMost(Duration.ofSeconds(20)).until(() -> fixture.reviewRows(src).contains("real/ada"));
                    assertThat(fixture.reviewRows(src)).containsExactly("real/ada");
                    assertThat(fixture.reviewRows(fixture.src(1))).isEmpty();
                    String second = "document.querySelector('article.candidate[data-src-id=' + " + js(js(src)) + " + ']')";
                    await().atMost(Duration.ofSeconds(10)).until(() -> browser.evaluate(second
                            + ".querySelector('.current-verdict').textContent").asText().startsWith("real by ada at "));
                    assertThat(browser.evaluate("document.getElementById('progress').textContent").asText())
                            .isEqualTo("1 of 2 reviewed");
                    assertThat(browser.evaluate("sessionStorage.getItem('vasco.review.token')").asText())
                            .isEqualTo(ReviewFixture.TOKEN);
                    browser.evaluate("(() => { const f = document.getElementById('filter-review'); f.value = 'unreviewed';"
                            + " f.dispatchEvent(new Event('change')); return true; })()");
                    assertThat(browser.evaluate("Array.from(document.querySelectorAll('article.candidate'))"
                            + ".filter(a => !a.hidden).map(a => a.dataset.srcId)")).extracting(JsonNode::asText)
                            .containsExactly(fixture.src(1));

                    browser.evaluate("(() => { const f = document.getElementById('sort'); f.value = 'snr-asc';"
                            + " f.dispatchEvent(new Event('change')); const r = document.getElementById('filter-review');"
                            + " r.value = 'all'; r.dispatchEvent(new Event('change')); return true; })()");
                    assertThat(browser.evaluate("Array.from(document.querySelectorAll('article.candidate'))"
                            + ".map(a => a.dataset.srcId)")).as("SNR_WIN 33.0 before 41.2").extracting(JsonNode::asText)
                            .containsExactly(fixture.src(2), fixture.src(1));

                    assertThat(browser.errors()).as("errors the page reported").isEmpty();
                }
                // each candidate's modern cut-out was fetched once, as DSS2 red, and kept in the storage
                assertThat(fixture.dss.requests()).extracting(r -> r.parameters().get("v"))
                        .containsExactly("poss2ukstu_red", "poss2ukstu_red");
                assertThat(ReviewFixture.get(base + "/api/runs/" + fixture.runId + "/reviews.csv").body())
                        .contains(fixture.runId + "," + fixture.src(2) + "," + fixture.tile.value() + ",XE002,")
                        .contains(",real,ada,");
            }
        }
    }

    private static int servedStampWidth(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getHeight()).isEqualTo(image.getWidth());
        return image.getWidth();
    }

    /** A JavaScript string literal. */
    private static String js(String text) throws Exception {
        return ApiJson.MAPPER.writeValueAsString(text);
    }
}
