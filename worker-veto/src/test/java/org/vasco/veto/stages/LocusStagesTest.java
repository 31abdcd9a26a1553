package org.vasco.veto.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.veto.shape.PixelImage;

/**
 * The corrected profile's S0M and S0S on a constructed tile: 36 round stars of one S/N make the locus; a point source
 * like them is kept, and what no star of that S/N looks like is rejected by the test it fails.
 */
class LocusStagesTest {

    static final int SIZE = 560;
    static final double SNR = 60;
    static PixelImage image;
    static final List<TileLocus.LocusStar> locus = new ArrayList<>();
    static final double[] STAR = {290.4, 270.7};
    static final double[] BLOB = {130.0, 450.0};
    static final double[] RING = {450.0, 130.0};

    @BeforeAll
    static void drawTile() {
        double[] data = new double[SIZE * SIZE];
        Random random = new Random(17);
        for (int i = 0; i < data.length; i++) {
            data[i] = 1000 + 5 * random.nextGaussian();
        }
        double alpha = 3.0 / (2 * Math.sqrt(Math.pow(2, 1 / 3.0) - 1)); // Moffat β 3, FWHM 3 px
        int number = 1;
        for (int gy = 0; gy < 6; gy++) {
            for (int gx = 0; gx < 6; gx++) {
                double x = 50 + 90 * gx + random.nextDouble();
                double y = 40 + 90 * gy + random.nextDouble();
                add(data, x, y, (dx, dy) -> 8000 * Math.pow(1 + (dx * dx + dy * dy) / (alpha * alpha), -3));
                locus.add(new TileLocus.LocusStar(number++, x + 1, y + 1, SNR * (1 + 0.05 * random.nextGaussian()), 0,
                        3.0 + 0.05 * random.nextGaussian(), 1.05 + 0.02 * random.nextGaussian(), 0.0005 * random.nextGaussian()));
            }
        }
        add(data, STAR[0], STAR[1], (dx, dy) -> 8000 * Math.pow(1 + (dx * dx + dy * dy) / (alpha * alpha), -3));
        add(data, BLOB[0], BLOB[1], (dx, dy) -> 8000 * Math.exp(-(dx * dx / 12.5 + dy * dy / 2.0)));
        add(data, RING[0], RING[1], (dx, dy) -> 8000 * Math.exp(-Math.pow(Math.hypot(dx, dy) - 5, 2) / 2));
        image = new PixelImage(SIZE, SIZE, data);
    }

    interface Profile {
        double at(double dx, double dy);
    }

    private static void add(double[] data, double cx, double cy, Profile p) {
        for (int y = (int) cy - 15; y <= (int) cy + 15; y++) {
            for (int x = (int) cx - 15; x <= (int) cx + 15; x++) {
                data[y * SIZE + x] += p.at(x - cx, y - cy);
            }
        }
    }

    private static final TilePixels PIXELS = new TilePixels() {
        @Override
        public Optional<TileImage> image(String tileId) {
            return Optional.of(new TileImage(image, 1.7));
        }

        @Override
        public List<Star> stars(String tileId) {
            return List.of();
        }
    };

    private static final TileLocus LOCUS = tileId -> Optional.of(locus);

    private static Candidate at(int number, double[] xy, double snr, double fwhm, double spread, double elongation) {
        return Candidates.at(number, 150, 20, Map.of("XWIN_IMAGE", xy[0] + 1, "YWIN_IMAGE", xy[1] + 1, "SNR_WIN", snr,
                "FWHM_IMAGE", fwhm, "SPREAD_MODEL", spread, "ELONGATION", elongation));
    }

    @Test
    void s0mKeepsWhatLooksLikeItsStarsAndRejectsWhatIsSharperOrBroader() throws Exception {
        LocusMorphologyStage stage = new LocusMorphologyStage(LOCUS, 4.0, 4.0);
        List<CandidateVerdict> v = stage.judge(List.of(
                at(99, STAR, SNR, 3.02, 0.0003, 1.05),
                at(98, STAR, SNR, 1.3, -0.012, 1.05),     // dust: sharper than any star
                at(97, STAR, SNR, 5.5, 0.020, 1.05),      // a galaxy
                at(96, STAR, 5000, 3.0, 0.0, 1.05)));     // no star within ±0.3 dex of its S/N
        assertThat(v.get(0).verdict()).as("%s", v.get(0)).isEqualTo(Verdict.KEEP);
        assertThat(v.get(0).details()).containsEntry("locus_stars", 36).containsKeys("spread_z", "fwhm_z");
        assertThat(v.get(1).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(v.get(1).reason()).isEqualTo("spread_model_low,fwhm_low");
        assertThat(v.get(2).reason()).isEqualTo("spread_model_high,fwhm_high");
        assertThat(v.get(3).verdict()).isEqualTo(Verdict.FLAG);
        assertThat(v.get(3).reason()).isEqualTo("locus_insufficient");
    }

    @Test
    void s0sJudgesPixelsAgainstTheNearestStarsOfThatSnrNotAgainstFixedLimits() throws Exception {
        LocusShapeStage stage = new LocusShapeStage(PIXELS, LOCUS, 4.0, 4.0, 4.0);
        List<CandidateVerdict> v = stage.judge(List.of(
                at(99, STAR, SNR, 3.0, 0.0, 1.06),
                at(98, BLOB, SNR, 4.0, 0.0, 2.5),
                at(97, RING, SNR, 5.0, 0.0, 1.05),
                at(96, STAR, SNR, 3.0, 0.0, 1.30)));
        assertThat(v.get(0).verdict()).as("%s", v.get(0)).isEqualTo(Verdict.KEEP);
        assertThat(v.get(0).details()).containsEntry("stars_used", LocusShapeStage.NEAREST_STARS);
        assertThat(v.get(1).verdict()).as("%s", v.get(1)).isEqualTo(Verdict.REJECT);
        assertThat(v.get(1).reason()).contains("elongation");
        assertThat(v.get(2).verdict()).as("%s", v.get(2)).isEqualTo(Verdict.REJECT);
        assertThat(v.get(2).reason()).contains("profile_diff");
        assertThat(v.get(3).verdict()).as("elongation alone, far beyond the stars' %s", v.get(3)).isEqualTo(Verdict.REJECT);
        assertThat(v.get(3).reason()).isEqualTo("elongation");
    }
}
