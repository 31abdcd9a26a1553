package org.vasco.coordinator.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.nio.file.Path;
import java.util.List;
import org.vasco.testkit.archives.ScriptedReply;

import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.coordinator.api.ApiException;
import org.vasco.testkit.sky.TruthObject;

/**
 * Stamps cut from a synthetic tile and from its modern epoch: size, crosshair, the star at the centre, the catalogue
 * circles, the modern cut-out fetched once and kept, and the refusals.
 */
class StampRendererTest {

    private static ReviewFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ReviewFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void servedStampIsAPngOfTheConfiguredSizeWithTheStarUnderTheCrosshair() throws Exception {
        String base = fixture.serve(Optional.empty());
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/api/runs/" + fixture.runId + "/candidates/" + fixture.src(1) + "/stamp.png")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(img.getWidth()).isEqualTo(240);
        assertThat(img.getHeight()).isEqualTo(240);

        int c = 120;
        // Arms straddle the centre (between pixels 119 and 120) from 15 to 59 pixels out; the centre stays open.
        for (int d : new int[] {15, 30, 59}) {
            assertThat(rgb(img, c + d, c)).isEqualTo(StampRenderer.CROSSHAIR_RGB);
            assertThat(rgb(img, c - 1 - d, c - 1)).isEqualTo(StampRenderer.CROSSHAIR_RGB);
            assertThat(rgb(img, c, c + d)).isEqualTo(StampRenderer.CROSSHAIR_RGB);
            assertThat(rgb(img, c - 1, c - 1 - d)).isEqualTo(StampRenderer.CROSSHAIR_RGB);
        }
        assertThat(rgb(img, c + 60, c)).isNotEqualTo(StampRenderer.CROSSHAIR_RGB);
        assertThat(rgb(img, c, c)).isNotEqualTo(StampRenderer.CROSSHAIR_RGB);
        // The candidate is the tile's brightest unsaturated star: the open centre is brighter than the corners.
        assertThat(meanGrey(img, c - 6, c - 6, 12)).isGreaterThan(meanGrey(img, 0, 0, 40) + 60);
    }

    @Test
    void modernEpochIsFetchedOnceKeptAndDrawnWithTheCataloguesLikeThePlate() throws Exception {
        String base = fixture.serve(Optional.empty());
        String candidate = base + "/api/runs/" + fixture.runId + "/candidates/" + fixture.src(1);
        int before = fixture.dss.requestCount();
        HttpResponse<byte[]> modern = png(candidate + "/modern.png");
        assertThat(modern.statusCode()).as(new String(modern.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(fixture.dss.requests().subList(before, fixture.dss.requestCount()))
                .singleElement().satisfies(r -> assertThat(r.parameters()).containsEntry("v", "poss2ukstu_red")
                        .containsEntry("h", "1.50"));
        TruthObject star = fixture.stars.get(0);
        Path kept = fixture.store.artefacts(fixture.tile).modernImage("poss2ukstu_red", star.raDeg(), star.decDeg(), 1.5);
        assertThat(kept).exists();
        assertThat(png(candidate + "/modern.png").body()).isEqualTo(modern.body());
        assertThat(fixture.dss.requestCount()).as("the kept cut-out is read, not fetched again").isEqualTo(before + 1);

        BufferedImage now = ImageIO.read(new ByteArrayInputStream(modern.body()));
        BufferedImage then = ImageIO.read(new ByteArrayInputStream(png(candidate + "/stamp.png").body()));
        assertThat(now.getWidth()).isEqualTo(240);
        int c = 120;
        // the candidate (a catalogued star here) is under the crosshair at both epochs
        assertThat(meanGrey(now, c - 6, c - 6, 12)).isGreaterThan(meanGrey(now, 0, 0, 40) + 60);
        assertThat(meanGrey(then, c - 6, c - 6, 12)).isGreaterThan(meanGrey(then, 0, 0, 40) + 60);
        // Gaia (cyan) circles and the veto radius (green) drawn on both; none with marks=0
        for (BufferedImage img : List.of(now, then)) {
            assertThat(count(img, rgb -> blue(rgb) - red(rgb) > 100)).as("cyan circle pixels").isGreaterThan(20);
            assertThat(count(img, rgb -> green(rgb) - red(rgb) > 100 && green(rgb) - blue(rgb) > 100)).as("green pixels")
                    .isGreaterThan(20);
        }
        BufferedImage bare = ImageIO.read(new ByteArrayInputStream(png(candidate + "/modern.png?marks=0").body()));
        assertThat(count(bare, rgb -> blue(rgb) - red(rgb) > 100)).isZero();
        assertThat(count(bare, rgb -> green(rgb) - red(rgb) > 100)).isZero();
    }

    @Test
    void anArchiveReplyThatIsNoImageIsRefusedAndNotKept() throws Exception {
        String base = fixture.serve(Optional.empty());
        TruthObject star = fixture.stars.get(1);
        fixture.dss.replyAt(star.raDeg(), star.decDeg(), ScriptedReply.ok("text/html; charset=UTF-8",
                "<html><body>No image for this position</body></html>"));
        try {
            HttpResponse<byte[]> refused = png(base + "/api/runs/" + fixture.runId + "/candidates/" + fixture.src(2)
                    + "/modern.png");
            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("not a FITS image", "No image for this position");
            assertThat(fixture.store.artefacts(fixture.tile).modernImage("poss2ukstu_red", star.raDeg(), star.decDeg(), 1.5))
                    .doesNotExist();
        } finally {
            fixture.dss.behave();
        }
    }

    @Test
    void stampNearTheEdgeShowsWhatIsOffTheImage() throws Exception {
        StampRenderer renderer = new StampRenderer(fixture.store, 1.0, 120);
        TruthObject star = fixture.stars.get(0);
        // 0.9 arcmin west of the tile centre's RA edge: the 10' tile spans ±5', so move to 4.9' off centre in Dec.
        double dec = fixture.tile.decDeg() - 4.9 / 60.0;
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(renderer.render(fixture.tile, star.raDeg(), dec)));
        assertThat(img.getWidth()).isEqualTo(120);
        assertThat(rgb(img, 60, 118)).isEqualTo(StampRenderer.OFF_IMAGE_RGB);
        assertThat(rgb(img, 60, 2)).isNotEqualTo(StampRenderer.OFF_IMAGE_RGB);
    }

    @Test
    void refusesPositionsOffTheImageAndTilesWithoutRawFits() {
        StampRenderer renderer = new StampRenderer(fixture.store, 1.0, 120);
        assertThatThrownBy(() -> renderer.render(fixture.tile, fixture.tile.raDeg(), fixture.tile.decDeg() + 1.0))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> renderer.render(fixture.otherTile, fixture.otherTile.raDeg(), fixture.otherTile.decDeg()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("has no raw FITS");
    }

    private static HttpResponse<byte[]> png(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int count(BufferedImage img, java.util.function.IntPredicate colour) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += colour.test(rgb(img, x, y)) ? 1 : 0;
            }
        }
        return n;
    }

    private static int red(int rgb) {
        return rgb >> 16 & 0xFF;
    }

    private static int green(int rgb) {
        return rgb >> 8 & 0xFF;
    }

    private static int blue(int rgb) {
        return rgb & 0xFF;
    }

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFFFFFF;
    }

    private static double meanGrey(BufferedImage img, int x0, int y0, int size) {
        double sum = 0;
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                sum += img.getRGB(x, y) & 0xFF;
            }
        }
        return sum / (size * size);
    }
}
