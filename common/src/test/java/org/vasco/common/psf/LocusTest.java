package org.vasco.common.psf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vasco.common.detection.Detection;
import org.vasco.common.late.TestDetections;
import org.vasco.common.tile.TileId;

/** The corrected profile's stellar locus: which detections make it, and how a value compares with theirs. */
class LocusTest {

    static final TileId TILE = TileId.of("tile_RA150.000_DECp20.000");

    private static Detection detection(int number, double ra, double dec, double snr) {
        Detection d = TestDetections.star(number, ra, dec);
        return TestDetections.with(d, 0, snr, 3.0, 1.1, 0.0, 98, 103, 98, 103);
    }

    @Test
    void theLocusIsIsolatedCataloguedStarsInsideTheCircleAtMostFortyPerTenthOfADexOfSnr() {
        List<Detection> detections = new ArrayList<>();
        List<PsfStarPositions.GaiaStar> gaia = new ArrayList<>();
        // 60 catalogued, isolated stars of SNR 60–62 (one bin: 10^1.7 to 10^1.8), 30″ apart along a line
        for (int i = 0; i < 60; i++) {
            double ra = 150.0 + i * 30.0 / 3600;
            detections.add(detection(i + 1, ra, 20.0, 60 + i * 0.03));
            gaia.add(new PsfStarPositions.GaiaStar(ra + 1.0 / 3600, 20.0, 17.0));
        }
        detections.add(detection(101, 150.0, 20.1, 80));                          // not in Gaia
        detections.add(detection(102, 150.0, 20.2, 80));                          // a neighbour 6″ away (103)
        detections.add(detection(103, 150.0 + 6.0 / 3600, 20.2, 20));
        gaia.add(new PsfStarPositions.GaiaStar(150.0, 20.2, 17.0));
        gaia.add(new PsfStarPositions.GaiaStar(150.0 + 6.0 / 3600, 20.2, 18.0));
        detections.add(detection(104, 150.0, 20.6, 80));                          // 36′ from the centre
        gaia.add(new PsfStarPositions.GaiaStar(150.0, 20.6, 17.0));
        detections.add(detection(105, 150.0, 19.9, 12));                          // below SNR 15
        gaia.add(new PsfStarPositions.GaiaStar(150.0, 19.9, 20.0));
        detections.add(detection(106, 150.0, 19.8, 300));                         // Gaia too bright (G 9)
        gaia.add(new PsfStarPositions.GaiaStar(150.0, 19.8, 9.0));
        detections.add(detection(107, 150.0, 19.7, 300));                         // the only star of its bin
        gaia.add(new PsfStarPositions.GaiaStar(150.0, 19.7, 12.0));

        Set<Integer> locus = LocusStarSelection.select(TILE, detections, gaia);

        assertThat(locus).contains(107).doesNotContain(101, 102, 103, 104, 105, 106);
        assertThat(locus.stream().filter(n -> n <= 60).count()).as("one bin of SNR_WIN holds at most 40").isEqualTo(40);
        assertThat(LocusStarSelection.select(TILE, detections, gaia)).as("the same set every time").isEqualTo(locus);
        // the 40 are spread over the bin's stars, not the first 40 SExtractor numbered
        assertThat(locus.stream().filter(n -> n > 40 && n <= 60).count()).isGreaterThan(5);
    }

    @Test
    void theComparisonWidensItsWindowUntilEnoughStarsAreIn() {
        List<Double> snrs = new ArrayList<>();
        for (double offset : new double[] {0.02, 0.07, 0.12, 0.17, 0.22, 0.27, 0.32}) {
            snrs.add(100 * Math.pow(10, offset));
            snrs.add(100 / Math.pow(10, offset));
        }
        // ±0.1 dex around SNR 100 holds 4 of them, ±0.2 dex 8, ±0.3 dex 12
        assertThat(LocusComparison.similarSnr(snrs, Double::doubleValue, 100, 4)).hasSize(4);
        assertThat(LocusComparison.similarSnr(snrs, Double::doubleValue, 100, 5)).hasSize(8);
        assertThat(LocusComparison.similarSnr(snrs, Double::doubleValue, 100, 100)).as("at most ±0.3 dex").hasSize(12);
    }

    @Test
    void aValueIsMeasuredInRobustSigmaOfTheStars() {
        double[] stars = {1.0, 1.1, 1.2, 1.3, 1.4, Double.NaN};
        LocusComparison.Outlier o = LocusComparison.of(1.8, stars);
        assertThat(o.stars()).isEqualTo(5);
        assertThat(o.median()).isCloseTo(1.2, within(1e-12));
        assertThat(o.sigma()).isCloseTo(1.4826 * 0.1, within(1e-12));
        assertThat(o.z()).isCloseTo(0.6 / (1.4826 * 0.1), within(1e-9));
        // no spread at all: the standard deviation, and with one value nothing to judge by
        assertThat(LocusComparison.of(2, new double[] {1, 1, 1, 1, 3}).sigma()).isCloseTo(0.8, within(1e-12));
        assertThat(LocusComparison.of(2, new double[] {1}).z()).isNaN();
        assertThat(LocusComparison.of(Double.NaN, stars).z()).isNaN();
        assertThat(LocusComparison.of(2, new double[0]).stars()).isZero();
    }
}
