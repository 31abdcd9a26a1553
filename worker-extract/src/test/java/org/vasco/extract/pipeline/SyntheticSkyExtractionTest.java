package org.vasco.extract.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.Astrometry;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.tile.TileId;
import org.vasco.extract.TestTools;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;
import org.vasco.testkit.sky.WcsHeaders;

/**
 * The extraction on the testkit's synthetic POSS-I cut-out (plate-like PSF, grain noise, saturation,
 * blemishes): detections against the rendered truth, and the DSS-polynomial-only header of the same
 * cut-out against its CD solution. An 8′ cut-out keeps pass 2 to a few seconds.
 */
class SyntheticSkyExtractionTest {

    static final TileId TILE = TileId.of("tile_RA130.013_DECp33.081");
    static final String PLATE = "XE258";

    @TempDir
    static Path dir;

    static SkyTile tile;
    static ExtractionResult cd;
    static ExtractionResult dssOnly;

    @BeforeAll
    static void extract() throws Exception {
        SyntheticSky sky = SyntheticSky.withSeed(11).withSizeArcmin(8);
        tile = sky.render(TILE, PLATE);
        SkyTile polynomial = sky.withWcsHeaders(WcsHeaders.DSS_POLYNOMIAL_ONLY).render(TILE, PLATE);
        ExtractionPipeline pipeline = TestTools.pipeline(Map.of());
        cd = pipeline.run(request(tile, "cd"));
        dssOnly = pipeline.run(request(polynomial, "dss"));
    }

    private static ExtractionPipeline.Request request(SkyTile sky, String name) throws Exception {
        Path image = Files.write(dir.resolve(name + ".fits"), sky.fits());
        Path out = dir.resolve(name);
        return new ExtractionPipeline.Request(image, out.resolve("work"), out.resolve("logs"), out);
    }

    @Test
    void starsWithSnrAboveThirtyAreWithinThreeTenthsOfAnArcsec() {
        int bright = 0;
        int within = 0;
        List<String> misses = new ArrayList<>();
        for (TruthObject star : isolated(TruthKind.STAR)) {
            Optional<Detection> match = nearest(cd, star);
            if (match.isEmpty() || match.get().snrWin() <= 30 || star.saturated()) {
                continue;
            }
            bright++;
            double separation = SkyGeometry.separationArcsec(star.raDeg(), star.decDeg(),
                    match.get().alphawinJ2000(), match.get().deltawinJ2000());
            if (separation < 0.3) {
                within++;
            } else {
                misses.add(star.id() + " " + separation);
            }
        }
        assertThat(bright).as("stars with SNR_WIN > 30").isGreaterThan(20);
        // Re-derived for the correlated grain of issue 18 (centroids scatter more than on white noise, as on real scans):
        // 30 of these 33 stars are within 0.3″, the misses at 0.31, 0.33 and 1.2″ (a blend with an undetected star).
        assertThat((double) within / bright).as("fraction within 0.3″; misses %s", misses).isGreaterThanOrEqualTo(0.85);
    }

    /**
     * Stars only: the synthetic sky draws galaxies at their real POSS-I surface density, which leaves an
     * 8′ cut-out without any (one appears at 20′). {@link ExtractionPipelineTest} renders galaxies itself
     * and checks that their SPREAD_MODEL is clearly positive.
     */
    @Test
    void spreadModelIsNearZeroForStars() {
        List<Double> stars = spreads(TruthKind.STAR);
        assertThat(stars).hasSizeGreaterThan(20);
        assertThat(Math.abs(median(stars))).as("median SPREAD_MODEL of stars").isLessThan(0.003);
        long outliers = stars.stream().filter(v -> Math.abs(v) > 0.01).count();
        assertThat(outliers).as("stars with |SPREAD_MODEL| > 0.01 among %s", stars.size()).isLessThanOrEqualTo(stars.size() / 20);
    }

    @Test
    void dssPolynomialOnlyHeaderGivesTheCdPositionsWithinATenthOfAnArcsec() {
        assertThat(cd.astrometry()).isEqualTo(Astrometry.SEXTRACTOR_WCS);
        assertThat(dssOnly.astrometry()).isEqualTo(Astrometry.DSS_PLATE_POLYNOMIAL);
        assertThat(dssOnly.detections()).hasSameSizeAs(cd.detections());
        for (int i = 0; i < cd.detections().size(); i++) {
            Detection a = cd.detections().get(i);
            Detection b = dssOnly.detections().get(i);
            assertThat(b.xwinImage()).isEqualTo(a.xwinImage());
            assertThat(SkyGeometry.separationArcsec(a.alphawinJ2000(), a.deltawinJ2000(), b.alphawinJ2000(), b.deltawinJ2000()))
                    .as("detection %d", a.number()).isLessThan(0.1);
        }
    }

    private static List<Double> spreads(TruthKind kind) {
        List<Double> values = new ArrayList<>();
        for (TruthObject object : isolated(kind)) {
            nearest(cd, object).filter(d -> d.snrWin() > 30 && d.flags() == 0 && !object.saturated())
                    .ifPresent(d -> values.add(d.spreadModel()));
        }
        return values;
    }

    /** Objects of a kind with no other rendered object within 8 px (blends measure neither well). */
    private static List<TruthObject> isolated(TruthKind kind) {
        List<TruthObject> all = tile.truth();
        return tile.truth(kind).stream().filter(t -> all.stream().noneMatch(o -> o != t
                && Math.hypot(o.xPixel() - t.xPixel(), o.yPixel() - t.yPixel()) < 8)).toList();
    }

    private static Optional<Detection> nearest(ExtractionResult result, TruthObject object) {
        return result.detections().stream()
                .filter(d -> Math.hypot(d.xwinImage() - object.xPixel(), d.ywinImage() - object.yPixel()) < 2)
                .min(Comparator.comparingDouble(d -> Math.hypot(d.xwinImage() - object.xPixel(), d.ywinImage() - object.yPixel())));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
