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
