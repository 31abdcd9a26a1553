package org.vasco.veto.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.ImageData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.veto.shape.FitsTileImage;

/**
 * S0S on a constructed 16-bit FITS tile (1.7″/px): a field of identical Moffat stars, one of which is the
 * candidate, an elongated blob and a ring-shaped plate defect (both brighter than the stars, so never their
 * neighbours; as candidates they claim the stars' flux).
 */
class ShapeStageTest {

    static final int SIZE = 400;
    static final double FLUX = 123_000;
    static final double[] STAR = {200.3, 200.6};
    static final double[] BLOB = {110.0, 300.0};
    static final double[] RING = {300.0, 110.0};
    /** The neighbours lie at the tile centre as far as the 30′ circle is concerned (the reference's circle-cut catalogue). */
    static final org.vasco.common.tile.TileId CENTRE = org.vasco.common.tile.TileId.of(Candidates.TILE);

    @TempDir
    static Path dir;
    static Path fits;
    static List<TilePixels.Star> stars = new ArrayList<>();

    @BeforeAll
    static void writeTile() throws Exception {
        double[][] image = new double[SIZE][SIZE];
        Random random = new Random(42);
        for (double[] row : image) {
            for (int x = 0; x < SIZE; x++) {
                row[x] = 1000 + 5 * random.nextGaussian();
            }
        }
        double alpha = 3.0 / (2 * Math.sqrt(Math.pow(2, 1 / 3.0) - 1)); // Moffat beta 3, FWHM 3 px
        int number = 1;
        stars.add(new TilePixels.Star(number++, STAR[0] + 1, STAR[1] + 1, FLUX, CENTRE.raDeg(), CENTRE.decDeg()));
        add(image, STAR[0], STAR[1], (dx, dy) -> 20000 * Math.pow(1 + (dx * dx + dy * dy) / (alpha * alpha), -3));
        double[][] neighbours = {{150.2, 150.7}, {250.5, 150.1}, {150.9, 250.4}, {250.0, 250.0}, {320.4, 220.3},
            {90.6, 200.2}, {200.1, 320.8}};
        for (double[] n : neighbours) {
            add(image, n[0], n[1], (dx, dy) -> 20000 * Math.pow(1 + (dx * dx + dy * dy) / (alpha * alpha), -3));
            stars.add(new TilePixels.Star(number++, n[0] + 1, n[1] + 1, FLUX * (1 + 0.01 * number), CENTRE.raDeg(),
                    CENTRE.decDeg()));
        }
        add(image, BLOB[0], BLOB[1], (dx, dy) -> 20000 * Math.exp(-(dx * dx / 32.0 + dy * dy / 4.5)));
        stars.add(new TilePixels.Star(number++, BLOB[0] + 1, BLOB[1] + 1, 2 * FLUX, CENTRE.raDeg(), CENTRE.decDeg()));
        add(image, RING[0], RING[1], (dx, dy) -> 20000 * Math.exp(-Math.pow(Math.hypot(dx, dy) - 5, 2) / 2));
        stars.add(new TilePixels.Star(number, RING[0] + 1, RING[1] + 1, 2 * FLUX, CENTRE.raDeg(), CENTRE.decDeg()));

        short[][] raw = new short[SIZE][SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                raw[y][x] = (short) (Math.round(Math.min(65535, image[y][x])) - 32768);
            }
        }
        fits = dir.resolve("tile.fits");
        try (Fits f = new Fits()) {
            BasicHDU<?> hdu = ImageData.from(raw).toHDU();
            hdu.getHeader().addValue("BZERO", 32768.0, "unsigned 16-bit");
            hdu.getHeader().addValue("BSCALE", 1.0, "");
            hdu.getHeader().addValue("CD1_1", -1.7 / 3600, "");
            hdu.getHeader().addValue("CD1_2", 0.0, "");
            hdu.getHeader().addValue("CD2_1", 0.0, "");
            hdu.getHeader().addValue("CD2_2", 1.7 / 3600, "");
            f.addHDU(hdu);
            f.write(fits.toFile());
        }
    }

    interface Profile {
        double at(double dx, double dy);
    }

    private static void add(double[][] image, double cx, double cy, Profile p) {
        for (int y = (int) cy - 15; y <= (int) cy + 15; y++) {
            for (int x = (int) cx - 15; x <= (int) cx + 15; x++) {
                image[y][x] += p.at(x - cx, y - cy);
            }
        }
    }

    private static final TilePixels FROM_FITS = new TilePixels() {
        @Override
        public Optional<TileImage> image(String tileId) throws IOException {
            if (!tileId.equals(Candidates.TILE) || !Files.exists(fits)) {
                return Optional.empty();
            }
            FitsTileImage.Loaded loaded = FitsTileImage.read(fits);
            return Optional.of(new TileImage(loaded.pixels(), loaded.pixelScaleArcsec()));
        }

        @Override
        public List<Star> stars(String tileId) {
            return stars;
        }
    };

    private static Candidate candidate(int number, double[] xy, double elongation) {
        return Candidates.at(number, 150, 20, Map.of("XWIN_IMAGE", xy[0] + 1, "YWIN_IMAGE", xy[1] + 1,
                "ELONGATION", elongation, "FLUX_AUTO", FLUX));
    }

    @Test
    void keepsACleanStarAndRejectsABlobAndARing() throws Exception {
        ShapeStage stage = new ShapeStage(FROM_FITS, 0.05, 1.10, 0.80);
        List<CandidateVerdict> v = stage.judge(List.of(candidate(1, STAR, 1.02), candidate(9, BLOB, 1.05),
                candidate(10, RING, 1.02)));

        assertThat(v.get(0).verdict()).as("clean star %s", v.get(0)).isEqualTo(Verdict.KEEP);
        assertThat((double) v.get(0).details().get("profile_diff")).isLessThan(0.02);
        assertThat((double) v.get(0).details().get("circularity")).isGreaterThan(0.80);
        assertThat(v.get(0).details().get("stars_used")).isEqualTo(7);

        assertThat(v.get(1).verdict()).as("blob %s", v.get(1)).isEqualTo(Verdict.REJECT);
        assertThat(v.get(1).reason()).contains("circularity");
        assertThat(v.get(2).verdict()).as("ring %s", v.get(2)).isEqualTo(Verdict.REJECT);
        assertThat(v.get(2).reason()).contains("profile_diff");
    }

    @Test
    void elongationAloneRejects() throws Exception {
        assertThat(new ShapeStage(FROM_FITS, 0.05, 1.10, 0.80).judge(List.of(candidate(1, STAR, 1.2))))
                .singleElement().satisfies(v -> {
                    assertThat(v.verdict()).isEqualTo(Verdict.REJECT);
                    assertThat(v.reason()).isEqualTo("elongation");
                });
    }

    @Test
    void missingPixelsPassFlaggedAsInTheReference() throws Exception {
        Candidate elsewhere = new Candidate("tile_RA1.000_DECp1.000:5", "tile_RA1.000_DECp1.000", "XE002", 1, 1,
                1954.2, Candidates.JD, Map.of("XWIN_IMAGE", 10.0, "YWIN_IMAGE", 10.0));
        Candidate noPosition = Candidates.at(3, 150, 20, Map.of("ELONGATION", 1.0));
        List<CandidateVerdict> v = new ShapeStage(FROM_FITS, 0.05, 1.10, 0.80).judge(List.of(elsewhere, noPosition));
        assertThat(v).extracting(CandidateVerdict::verdict).containsOnly(Verdict.FLAG);
        assertThat(v).extracting(c -> c.details().get("failure_reason"))
                .containsExactlyInAnyOrder("fits_not_found", "pixel_coords_missing");
    }

    @Test
    void theFitsReaderAppliesBzeroAndFindsTheScale() throws Exception {
        FitsTileImage.Loaded loaded = FitsTileImage.read(fits);
        assertThat(loaded.pixelScaleArcsec()).isCloseTo(1.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(loaded.pixels().get(200, 201)).isGreaterThan(15000);
        assertThat(loaded.pixels().get(5, 5)).isBetween(950.0, 1050.0);
    }

    @Test
    void neighboursOutsideTheThirtyArcminuteCircleAreNotComparedAsInTheReference() throws Exception {
        // the same stars, placed 40′ from the tile centre: the reference's circle-cut catalogue does not hold them
        List<TilePixels.Star> outside = stars.stream().map(s -> new TilePixels.Star(s.number(), s.xwin(), s.ywin(), s.flux(),
                CENTRE.raDeg(), CENTRE.decDeg() + 40.0 / 60.0)).toList();
        TilePixels far = new TilePixels() {
            @Override
            public Optional<TileImage> image(String tileId) throws IOException {
                return FROM_FITS.image(tileId);
            }

            @Override
            public List<Star> stars(String tileId) {
                return outside;
            }
        };
        assertThat(new ShapeStage(far, 0.05, 1.10, 0.80).judge(List.of(candidate(1, STAR, 1.02))))
                .singleElement().satisfies(v -> {
                    assertThat(v.details().get("stars_used")).isEqualTo(0);
                    assertThat(v.details()).doesNotContainKey("profile_diff");
                });
    }
}
