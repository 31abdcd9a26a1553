package org.vasco.coordinator.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ZScaleTest {

    @Test
    void limitsHugTheSkyNotTheBrightOutliers() {
        Random random = new Random(5);
        double[] values = new double[2500];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1000 + 10 * random.nextGaussian();
        }
        for (int i = 0; i < 60; i++) {
            values[i] = 30_000 + i;
        }
        double[] limits = ZScale.limits(values);
        assertThat(limits[0]).isBetween(950.0, 1000.0);
        assertThat(limits[1]).isBetween(1000.0, 1100.0);
    }

    @Test
    void emptyOrFlatInputStillGivesAnIncreasingRange() {
        assertThat(ZScale.limits(new double[] {Double.NaN})).containsExactly(0, 1);
        double[] flat = ZScale.limits(new double[] {7, 7, 7, 7, 7, 7, 7});
        assertThat(flat[1]).isGreaterThan(flat[0]);
        assertThat(flat[0]).isEqualTo(7);
    }
}
