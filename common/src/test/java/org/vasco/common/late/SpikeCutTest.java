package org.vasco.common.late;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpikeCutTest {

    private static final double ARCSEC = 1.0 / 3600;

    private static SpikeCut oneStar(double mag) {
        return new SpikeCut(SpikeRules.reference(), new double[] {150.0}, new double[] {0.0}, new double[] {mag});
    }

    @Test
    void constRuleRejectsStarsOf124AndBrighterWithin90Arcsec() {
        SpikeCut.Verdict at = oneStar(12.4).judge(150.0 + 89.9 * ARCSEC, 0.0);
        assertThat(at.rule()).isEqualTo(SpikeCut.Rule.CONST);
        assertThat(at.distanceArcsec()).isCloseTo(89.9, within(1e-6));
        assertThat(oneStar(12.4).judge(150.0 + 90.1 * ARCSEC, 0.0).rule()).isEqualTo(SpikeCut.Rule.NONE);
    }

    @Test
    void lineRuleIsStrict() {
        // at d = 20″ the line is 15.3 − 1.8 = 13.5: r = 13.49 is rejected, r = 13.5 kept
        assertThat(oneStar(13.49).judge(150.0 + 20 * ARCSEC, 0.0).rule()).isEqualTo(SpikeCut.Rule.LINE);
        assertThat(oneStar(13.5).judge(150.0 + 20.0001 * ARCSEC, 0.0).rule()).isEqualTo(SpikeCut.Rule.NONE);
        // at d = 10″ the line is 14.4
        assertThat(oneStar(14.39).judge(150.0, 10 * ARCSEC).rule()).isEqualTo(SpikeCut.Rule.LINE);
        assertThat(oneStar(14.41).judge(150.0, 10 * ARCSEC).rule()).isEqualTo(SpikeCut.Rule.NONE);
    }

    @Test
    void onlyTheNearestBrightStarCounts() {
        // a faint star at 5″ hides a very bright one at 30″, as in the reference
        SpikeCut cut = new SpikeCut(SpikeRules.reference(), new double[] {150.0 + 5 * ARCSEC, 150.0 + 30 * ARCSEC},
                new double[] {0.0, 0.0}, new double[] {15.9, 8.0});
        SpikeCut.Verdict v = cut.judge(150.0, 0.0);
        assertThat(v.rule()).isEqualTo(SpikeCut.Rule.NONE);
        assertThat(v.starMagnitude()).isEqualTo(15.9);
    }

    @Test
    void invalidAndFaintMagnitudesAreNotBrightStars() {
        SpikeCut cut = new SpikeCut(SpikeRules.reference(), new double[] {150, 150, 150, 150},
                new double[] {0, 0, 0, 0}, new double[] {-999, Double.NaN, 16.01, 51});
        assertThat(cut.brightStars()).isZero();
        assertThat(cut.judge(150, 0).rejected()).isFalse();
    }

    @Test
    void starsAcrossRaZeroAreFound() {
        SpikeCut cut = new SpikeCut(SpikeRules.reference(), new double[] {359.99}, new double[] {0}, new double[] {10});
        assertThat(cut.judge(0.002, 0).rule()).isEqualTo(SpikeCut.Rule.CONST);
    }
}
