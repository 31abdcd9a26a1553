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
 * End to end: the coordinator service serves a seeded run's review page; headless Chromium loads it, decodes the
 * stamps at their real size, the reviewer types name and token and clicks {@code real}, and the verdict is in
 * PostgreSQL. Skips only where Debian's chromium package is not installed ({@code .ci/run} installs it).
 */
class ReviewPageBrowserTest {

    private static final int STAMP_PIXELS = 200;

    @Test
    void reviewerMarksACandidateRealInTheBrowser() throws Exception {
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
            try (CoordinatorService coordinator = CoordinatorService.start(services.environment(vars), null)) {
                String base = "http://127.0.0.1:" + coordinator.httpPort();
                int served = servedStampWidth(base + "/api/runs/" + fixture.runId + "/candidates/" + fixture.src(1)
                        + "/stamp.png");
                assertThat(served).isEqualTo(STAMP_PIXELS);
                try (HeadlessChromium browser = HeadlessChromium.launch(services.newDirectory("chromium"),
                        base + "/review/" + fixture.runId)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> browser.evaluate(
                            "document.readyState === 'complete' && document.querySelectorAll('img.stamp').length === 2"
                                    + " && Array.from(document.querySelectorAll('img.stamp')).every(i => i.complete)")
                            .asBoolean());
                    JsonNode widths = browser.evaluate(
                            "Array.from(document.querySelectorAll('img.stamp')).map(i => [i.naturalWidth, i.naturalHeight])");
                    assertThat(widths).hasSize(2);
                    widths.forEach(size -> {
                        assertThat(size.get(0).asInt()).isEqualTo(served);
                        assertThat(size.get(1).asInt()).isEqualTo(served);
                    });

                    String src = fixture.src(2);
                    browser.evaluate("(() => {"
                            + " const type = (id, value) => { const f = document.getElementById(id); f.value = value;"
                            + "   f.dispatchEvent(new Event('input')); };"
                            + " type('reviewer', 'ada'); type('token', " + js(ReviewFixture.TOKEN) + ");"
                            + " document.querySelector('tr[data-src-id=' + " + js(js(src)) + " + '] button[data-verdict=real]')"
                            + "   .click(); return true; })()");
                    await().atMost(Duration.ofSeconds(20)).until(() -> fixture.reviewRows(src).contains("real/ada"));
                    assertThat(fixture.reviewRows(src)).containsExactly("real/ada");
                    assertThat(fixture.reviewRows(fixture.src(1))).isEmpty();
                    await().atMost(Duration.ofSeconds(10)).until(() -> browser.evaluate(
                            "document.querySelector('tr[data-src-id=' + " + js(js(src)) + " + '] .current').textContent")
                            .asText().startsWith("real by ada at "));
                    assertThat(browser.evaluate("sessionStorage.getItem('vasco.review.token')").asText())
                            .isEqualTo(ReviewFixture.TOKEN);
                }
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
