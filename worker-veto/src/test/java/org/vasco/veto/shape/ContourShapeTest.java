package org.vasco.veto.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContourShapeTest {

    @Test
    void outerBorderOfASquareHasOpenCvAreaAndPerimeter() {
        boolean[][] mask = new boolean[7][7];
        for (int y = 2; y <= 4; y++) {
            for (int x = 2; x <= 4; x++) {
                mask[y][x] = true;
            }
        }
        List<int[][]> contours = BorderTracer.externalContours(mask);
        assertThat(contours).hasSize(1);
        // OpenCV: a 3x3 block's contour runs through the 8 border pixel centres: area 4, perimeter 8.
        assertThat(ContourShape.area(contours.get(0))).isEqualTo(4.0);
        assertThat(ContourShape.perimeter(contours.get(0))).isEqualTo(8.0);
        assertThat(contours.get(0).length).isEqualTo(8);
    }

    @Test
    void aBorderPassingAgainThroughItsStartPixelListsItAgainAsOpenCvDoes() {
        // The first pixel in raster order, (3,1), is the root of a one-pixel spur to (1,3) on a 3x3 block.
        boolean[][] mask = new boolean[8][9];
        mask[1][3] = mask[2][2] = mask[3][1] = true;
        for (int y = 2; y <= 4; y++) {
            for (int x = 4; x <= 6; x++) {
                mask[y][x] = true;
            }
        }
        int[][] contour = BorderTracer.externalContours(mask).get(0);
        // OpenCV 4.6 findContours(RETR_EXTERNAL, CHAIN_APPROX_NONE) on this mask: 14 points, (3,1) twice,
        // contourArea 4.0, arcLength 16.4853 (8 + 6·√2).
        assertThat(contour).hasDimensions(14, 2);
        assertThat(java.util.Arrays.stream(contour).filter(p -> p[0] == 3 && p[1] == 1)).hasSize(2);
        assertThat(ContourShape.area(contour)).isEqualTo(4.0);
        assertThat(ContourShape.perimeter(contour)).isCloseTo(8 + 6 * Math.sqrt(2), offset(1e-9));
    }

    @Test
    void idealMoffatStarsGiveOpenCvsCircularityIncludingValuesBelowTheReferenceLimit() {
        // Noise-free Moffat (β 2.8) stars on a flat sky, checked against OpenCV 4.6 running the reference's
        // ContourWorker code: the last valid contour is the threshold-45 one, only ~8-20 px² for a FWHM of
        // 2.5-3.5 px, so pixel digitisation alone puts perfectly round stars at some sub-pixel phases under 0.80.
        assertThat(moffatCircularity(3.5, 5000, 0.0, 0.0)).isCloseTo(4 * Math.PI * 20 / Math.pow(8 + 8 * Math.sqrt(2), 2),
                offset(1e-9));
        assertThat(moffatCircularity(3.5, 5000, 0.0, 0.0)).isCloseTo(0.674, offset(5e-4));
        assertThat(moffatCircularity(2.5, 5000, 0.5, 0.5)).isCloseTo(0.785, offset(5e-4));
        assertThat(moffatCircularity(3.0, 5000, 0.25, 0.5)).isCloseTo(0.820, offset(5e-4));
        assertThat(moffatCircularity(2.5, 5000, 0.0, 0.25)).isCloseTo(0.925, offset(5e-4));
        assertThat(moffatCircularity(3.0, 200000, 0.5, 0.5)).isCloseTo(0.948, offset(5e-4));
    }

    private static double moffatCircularity(double fwhm, double amplitude, double dx, double dy) {
        double beta = 2.8;
        double alpha = fwhm / (2 * Math.sqrt(Math.pow(2, 1 / beta) - 1));
        double[] data = new double[21 * 21];
        for (int y = 0; y < 21; y++) {
            for (int x = 0; x < 21; x++) {
                double r2 = (x - 10 - dx) * (x - 10 - dx) + (y - 10 - dy) * (y - 10 - dy);
                data[y * 21 + x] = Math.min(54500, 5000 + amplitude * Math.pow(1 + r2 / (alpha * alpha), -beta));
            }
        }
        return ContourShape.measure(new PixelImage(21, 21, data), 10 + dx, 10 + dy, 21, new int[] {21, 45}).circularity();
    }

    @Test
    void aRegionInsideAnotherRegionsHoleIsNotExternal() {
        boolean[][] mask = new boolean[9][9];
        for (int i = 1; i <= 7; i++) {
            mask[1][i] = mask[7][i] = mask[i][1] = mask[i][7] = true;
        }
        mask[4][4] = true;
        assertThat(BorderTracer.externalContours(mask)).hasSize(1);
    }

    @Test
    void aDiscIsRoundAndAnElongatedBlobIsNot() {
        PixelImage disc = render(21, (x, y) -> Math.exp(-(x * x + y * y) / (2 * 2.0 * 2.0)));
        PixelImage blob = render(21, (x, y) -> Math.exp(-(x * x / (2 * 4.0 * 4.0) + y * y / (2 * 1.3 * 1.3))));
        ContourShape.Metrics round = ContourShape.measure(disc, 10, 10, 21, new int[] {21, 45});
        ContourShape.Metrics flat = ContourShape.measure(blob, 10, 10, 21, new int[] {21, 45});
        assertThat(round.circularity()).isGreaterThan(0.85);
        assertThat(flat.circularity()).isLessThan(0.75);
        assertThat(round.area()).isGreaterThan(7.0);
    }

    @Test
    void theObjectsOwnContourIsMeasuredWhateverABrighterNeighbourInTheCutOutDoes() {
        // a round star (FWHM 3 px) at the centre and, 8 px above it, an elongated object ten times brighter
        Shape faint = (x, y) -> 0.05 * Math.pow(1 + (x * x + y * y) / 8.6, -3);
        PixelImage alone = render(41, faint);
        PixelImage beside = render(41, (x, y) -> faint.at(x, y)
                + 0.5 * Math.exp(-(x * x / (2 * 4.0 * 4.0) + (y + 8) * (y + 8) / (2 * 1.3 * 1.3))));
        ContourShape.Metrics isolated = ContourShape.measure(alone, 20, 20, 21, new int[] {21, 45});
        ContourShape.Metrics own = ContourShape.measureOwn(beside, 20, 20, 21, new int[] {21, 45});
        ContourShape.Metrics reference = ContourShape.measure(beside, 20, 20, 21, new int[] {21, 45});
        // alone, the object's own contour is the reference's measure
        assertThat(isolated.area()).isGreaterThan(7.0);
        assertThat(ContourShape.measureOwn(alone, 20, 20, 21, new int[] {21, 45})).isEqualTo(isolated);
        assertThat(own).as("reference %s", reference).isEqualTo(isolated);
        // the reference scales the cut-out to the neighbour's peak and measures the neighbour's contour: not round
        assertThat(isolated.circularity()).isGreaterThan(0.85);
        assertThat(reference.circularity()).isLessThan(0.75);
    }

    @Test
    void anObjectWhoseCentreIsNotAboveTheThresholdsHasNoOwnContour() {
        PixelImage ring = render(21, (x, y) -> Math.abs(Math.hypot(x, y) - 5) < 1 ? 1.0 : 0.0);
        assertThat(ContourShape.measureOwn(ring, 10, 10, 21, new int[] {21, 45}).circularity()).isNaN();
        assertThat(ContourShape.measure(ring, 10, 10, 21, new int[] {21, 45}).circularity()).isNotNaN();
    }

    @Test
    void theUint8ScalingIsMinMaxWithRounding() {
        int[][] scaled = ContourShape.toUint8(new PixelImage(3, 1, new double[] {10, 11, 12}));
        assertThat(scaled[0]).containsExactly(0, 128, 255);
        assertThat(ContourShape.area(new int[][] {{0, 0}, {2, 0}, {2, 2}, {0, 2}})).isCloseTo(4.0, offset(1e-12));
    }

    interface Shape {
        double at(double dx, double dy);
    }

    static PixelImage render(int size, Shape shape) {
        double[] data = new double[size * size];
        int c = size / 2;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                data[y * size + x] = 1000 + 20000 * shape.at(x - c, y - c);
            }
        }
        return new PixelImage(size, size, data);
    }
}
