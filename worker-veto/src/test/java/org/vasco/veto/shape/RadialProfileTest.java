package org.vasco.veto.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RadialProfileTest {

    @Test
    void aFlatImageHasAFlatProfileAndBinsOffTheImageAreNan() {
        double[] data = new double[40 * 40];
        Arrays.fill(data, 7.0);
        double[] p = RadialProfile.of(new PixelImage(40, 40, data), 20, 20, RadialProfile.referenceEdges());
        assertThat(p).hasSize(29);
        for (double v : p) {
            assertThat(v).isCloseTo(7.0, offset(1e-9));
        }
        double[] corner = RadialProfile.of(new PixelImage(3, 3, new double[9]), 0, 0, RadialProfile.referenceEdges());
        assertThat(corner[28]).isNaN();
    }

    @Test
    void profileDifferenceIsZeroForIdenticalShapesAndLargeForARing() {
        double[] edges = RadialProfile.referenceEdges();
        PixelImage star = ContourShapeTest.render(41, (x, y) -> Math.pow(1 + (x * x + y * y) / 8.6, -3));
        PixelImage ring = ContourShapeTest.render(41, (x, y) -> Math.exp(-Math.pow(Math.hypot(x, y) - 5, 2) / 2));
        double[] s = RadialProfile.normalised(RadialProfile.of(star, 20, 20, edges));
        double[] r = RadialProfile.normalised(RadialProfile.of(ring, 20, 20, edges));
        assertThat(ProfileDifference.of(s, List.of(s, s))).isCloseTo(0.0, offset(1e-12));
        assertThat(ProfileDifference.of(r, List.of(s, s))).isGreaterThan(0.05);
        assertThat(ProfileDifference.of(s, List.of())).isNaN();
    }

    @Test
    void aStarsCoreScaledToItsOwnPeakIsTheSameWithABrighterNeighbourInTheProfilesReach() {
        double[] edges = RadialProfile.referenceEdges();
        ContourShapeTest.Shape star = (x, y) -> 0.02 * Math.pow(1 + (x * x + y * y) / 8.6, -3);
        PixelImage alone = ContourShapeTest.render(61, star);
        // 5 mag brighter, 12 px away: inside the profile's 14.5 px, outside the core
        PixelImage beside = ContourShapeTest.render(61, (x, y) -> star.at(x, y)
                + 2.0 * Math.pow(1 + ((x - 12) * (x - 12) + y * y) / 8.6, -3));
        double[] own = RadialProfile.normalisedToCore(RadialProfile.of(beside, 30, 30, edges), PointSourceShape.CORE_BINS);
        double[] isolated = RadialProfile.normalisedToCore(RadialProfile.of(alone, 30, 30, edges), PointSourceShape.CORE_BINS);
        assertThat(isolated).as("alone, the core's peak is the profile's maximum: the reference's scaling")
                .containsExactly(RadialProfile.normalised(RadialProfile.of(alone, 30, 30, edges)), offset(1e-12));
        double[] minMax = RadialProfile.normalised(RadialProfile.of(beside, 30, 30, edges));
        double referenceDiff = ProfileDifference.of(minMax, List.of(isolated, isolated));
        // the neighbour's wing still tilts the core a little; the min-max scaling flattens the whole core
        assertThat(ProfileDifference.of(own, List.of(isolated, isolated))).as("against min-max %s", referenceDiff)
                .isLessThan(referenceDiff / 10);
        assertThat(referenceDiff).as("min-max scaling: the neighbour's ring is the maximum").isGreaterThan(0.02);
    }

    @Test
    void theMedianProfileIsBarelyMovedByCompactLightInOneSectorOfTheCoresAnnuliWhichMovesTheMeanProfile() {
        double[] edges = RadialProfile.referenceEdges();
        ContourShapeTest.Shape star = (x, y) -> 100 * Math.pow(1 + (x * x + y * y) / 3.0, -2.5);
        PixelImage alone = ContourShapeTest.render(61, star);
        // a grain clump or a faint blended neighbour, a fifth of the star's peak, 2 px from its centre
        PixelImage blemished = ContourShapeTest.render(61, (x, y) -> star.at(x, y)
                + 20 * Math.exp(-((x - 2) * (x - 2) + y * y) / (2 * 0.6 * 0.6)));
        int core = PointSourceShape.CORE_BINS;
        double[] cleanMean = RadialProfile.normalisedToCore(RadialProfile.of(alone, 30, 30, edges), core);
        double[] cleanMedian = RadialProfile.normalisedToCore(RadialProfile.medianOf(alone, 30, 30, edges), core);
        double meanDiff = ProfileDifference.of(RadialProfile.normalisedToCore(RadialProfile.of(blemished, 30, 30, edges), core),
                List.of(cleanMean, cleanMean));
        double medianDiff = ProfileDifference.of(
                RadialProfile.normalisedToCore(RadialProfile.medianOf(blemished, 30, 30, edges), core),
                List.of(cleanMedian, cleanMedian));
        assertThat(meanDiff).as("the mean profile takes the clump in").isGreaterThan(0.0005);
        assertThat(medianDiff).as("median against mean %s", meanDiff).isLessThan(meanDiff / 5);
        double[] flat = new double[40 * 40];
        Arrays.fill(flat, 7.0);
        assertThat(RadialProfile.medianOf(new PixelImage(40, 40, flat), 20, 20, edges)).containsOnly(7.0);
        assertThat(RadialProfile.medianOf(new PixelImage(3, 3, new double[9]), 0, 0, edges)[28]).isNaN();
    }

    @Test
    void backgroundFollowsAGradientAndIgnoresStars() {
        int w = 200;
        double[] data = new double[w * w];
        Random random = new Random(3);
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                data[y * w + x] = 1000 + 0.5 * x + random.nextGaussian() * 5;
            }
        }
        for (int k = 0; k < 30; k++) {
            data[(10 + 6 * k) * w + (15 + 6 * k)] += 50000;
        }
        double[] bkg = new Background2D(40, 3).background(new PixelImage(w, w, data));
        assertThat(bkg[100 * w + 100]).isCloseTo(1000 + 0.5 * 100, offset(6.0));
        assertThat(bkg[100 * w + 20]).isCloseTo(1000 + 0.5 * 20, offset(12.0));
    }
}
