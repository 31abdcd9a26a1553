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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * current candidate's frame to the modern epoch; one candidate per page, the reviewer types name and token, moves on
 * to the next page with {@code j} and decides with {@code r} there, and the verdict is in PostgreSQL, the progress
 * count and the reviews CSV; {@code k} goes back to the previous page. Choosing a filter or a sort in the toolbar
 * loads the server's selection over the whole run: only the matches, in that order. The page reports no error
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
            vars.put(ReviewSettings.PAGE_SIZE.name(), "1");
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
                    // one candidate per page (VASCO_REVIEW_PAGE_SIZE=1): the run's two final candidates are on two pages
                    assertThat(shownIds(browser)).containsExactly(fixture.src(1));
                    assertThat(browser.evaluate("document.getElementById('next') !== null"
                            + " && document.getElementById('previous') === null").asBoolean()).isTrue();
                    bothEpochsLoad(browser, fixture.src(1), served);

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

                    browser.evaluate("(() => {"
                            + " const type = (id, value) => { const f = document.getElementById(id); f.value = value;"
                            + "   f.dispatchEvent(new Event('input')); };"
                            + " type('reviewer', 'ada'); type('token', " + js(ReviewFixture.TOKEN) + ");"
                            + " document.activeElement.blur(); return true; })()");
                    assertThat(browser.evaluate("document.getElementById('progress').textContent").asText())
                            .isEqualTo("0 of 2 reviewed");

                    // j past the page's last candidate: the next page, its first candidate selected
                    String src = fixture.src(2);
                    browser.press("j");
                    awaitCurrent(browser, src);
                    bothEpochsLoad(browser, src, served);
                    // a keyboard verdict there, with the name and token typed on the first page
                    browser.press("r");
                    await().atMost(Duration.ofSeconds(20)).until(() -> fixture.reviewRows(src).contains("real/ada"));
                    assertThat(fixture.reviewRows(src)).containsExactly("real/ada");
                    assertThat(fixture.reviewRows(fixture.src(1))).isEmpty();
                    await().atMost(Duration.ofSeconds(10)).until(() -> browser.evaluate(first
                            + ".querySelector('.current-verdict').textContent").asText().startsWith("real by ada at "));
                    assertThat(browser.evaluate("document.getElementById('progress').textContent").asText())
                            .isEqualTo("1 of 2 reviewed");
                    assertThat(browser.evaluate("sessionStorage.getItem('vasco.review.token')").asText())
                            .isEqualTo(ReviewFixture.TOKEN);
                    // k before the page's first candidate: the previous page, its last candidate selected
                    browser.press("k");
                    awaitCurrent(browser, fixture.src(1));

                    // a filter chosen in the page loads the server's selection over the whole run: only its matches
                    choose(browser, "filter-review", "unreviewed");
                    awaitPage(browser, "?state=unreviewed", List.of(fixture.src(1)));
                    choose(browser, "filter-review", "reviewed");
                    awaitPage(browser, "?state=reviewed", List.of(src));
                    assertThat(browser.evaluate("document.getElementById('next') === null"
                            + " && document.getElementById('filter-review').value === 'reviewed'").asBoolean()).isTrue();
                    // and a sort: SNR_WIN 33.0 (the second candidate) before 41.2, the next page keeping the order
                    choose(browser, "filter-review", "");
                    awaitPage(browser, "", List.of(fixture.src(1)));
                    choose(browser, "sort", "snr-asc");
                    awaitPage(browser, "?sort=snr-asc", List.of(src));
                    assertThat(browser.evaluate("document.getElementById('next').getAttribute('href')").asText())
                            .isEqualTo("/review/" + fixture.runId + "?sort=snr-asc&start=" + fixture.tile + "%3A1");

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

    private static List<String> shownIds(HeadlessChromium browser) throws Exception {
        List<String> ids = new ArrayList<>();
        browser.evaluate("Array.from(document.querySelectorAll('article.candidate')).map(a => a.dataset.srcId)")
                .forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** Waits until the page, loaded anew, has {@code srcId} as its current candidate. */
    private static void awaitCurrent(HeadlessChromium browser, String srcId) {
        // the page is being replaced: an evaluation may meet the old one's context going away
        await("candidate " + srcId + " current on its page").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                browser.evaluate("document.readyState === 'complete' && document.querySelector('article.candidate.current')"
                        + " !== null && document.querySelector('article.candidate.current').dataset.srcId").asText().equals(srcId));
    }

    /** Picks {@code value} in the toolbar's select {@code id} as a reviewer would. */
    private static void choose(HeadlessChromium browser, String id, String value) throws Exception {
        browser.evaluate("(() => { const f = document.getElementById(" + js(id) + "); f.value = " + js(value) + ";"
                + " f.dispatchEvent(new Event('change')); return true; })()");
    }

    /** Waits until the page at {@code search} (the query string, "" for none) has loaded, showing exactly {@code ids}. */
    private static void awaitPage(HeadlessChromium browser, String search, List<String> ids) {
        await("the page at " + search).atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                browser.evaluate("document.readyState === 'complete' && location.search === " + js(search)).asBoolean()
                        && shownIds(browser).equals(ids));
    }

    /** Scrolls to the candidate and waits until its POSS-I stamp and the modern one beside it have loaded in full. */
    private static void bothEpochsLoad(HeadlessChromium browser, String srcId, int served) throws Exception {
        String article = "document.querySelector('article.candidate[data-src-id=' + " + js(js(srcId)) + " + ']')";
        browser.evaluate(article + ".scrollIntoView(); true");
        // the blink frame's modern copy loads when shown
        await("both epochs of " + srcId).atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(
                "Array.from(" + article + ".querySelectorAll('img.stamp')).filter(i => i.offsetParent !== null)"
                        + ".every(i => i.complete && i.naturalWidth === " + served + ")"
                        + " && " + article + ".querySelectorAll('img.stamp.poss1').length === 1").asBoolean());
        JsonNode loaded = browser.evaluate("Array.from(" + article + ".querySelectorAll('img.stamp'))"
                + ".filter(i => i.offsetParent !== null).map(i => i.className + ' ' + i.naturalHeight)");
        assertThat(loaded).extracting(JsonNode::asText).containsExactly("stamp poss1 " + served, "stamp modern " + served);
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
