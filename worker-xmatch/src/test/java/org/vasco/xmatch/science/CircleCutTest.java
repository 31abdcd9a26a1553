package org.vasco.xmatch.science;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CircleCutTest {

    @Test
    void keepsPositionsWithin30ArcminInclusiveAcrossRaZero() {
        CircleCut cut = new CircleCut(30, 0.2, 0.0);
        assertThat(cut.inside(0.2 - 0.4999, 0.0)).isTrue();   // 359.7…: across RA 0
        assertThat(cut.inside(359.7001, 0.0)).isTrue();
        assertThat(cut.inside(359.6999, 0.0)).isFalse();
        assertThat(cut.inside(0.2, 0.4999)).isTrue();
        assertThat(cut.inside(0.2, 0.5001)).isFalse();
        assertThat(cut.inside(Double.NaN, 0.0)).isFalse();
    }

    @Test
    void radiusIsMeasuredOnTheSkyNearThePole() {
        // at Dec 89.8 a point 180° away in RA is 0.4° away through the pole
        CircleCut cut = new CircleCut(30, 10, 89.8);
        assertThat(cut.inside(190, 89.8)).isTrue();
        assertThat(cut.inside(190, 89.69)).isFalse();
    }

    @Test
    void zeroSwitchesTheCutOff() {
        assertThat(new CircleCut(0, 10, 10).inside(200, -50)).isTrue();
    }
}
