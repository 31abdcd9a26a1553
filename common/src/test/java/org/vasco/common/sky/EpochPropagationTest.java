package org.vasco.common.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EpochPropagationTest {

    private static final double MICROARCSEC_DEG = 1e-6 / 3600;

    @Test
    void eastwardMotionCrossesRaZero() {
        // 1000 mas/yr east for 1 year at the equator: +1″ in RA, from 359.9999° across 0/360
        double[] out = new double[2];
        assertThat(EpochPropagation.propagate(359.9999, 0.0, 1000, 0, 2016.0, 2017.0, out)).isTrue();
        assertThat(out[0]).isCloseTo(359.9999 + 1.0 / 3600 - 360, within(MICROARCSEC_DEG));
        assertThat(out[1]).isCloseTo(0.0, within(MICROARCSEC_DEG));
    }

    @Test
    void westwardMotionBackInTimeCrossesRaZeroTheOtherWay() {
        // Gaia 2016.0 → plate 1953.0: dt = −63 yr; pmRA = −500 mas/yr moves +31.5″ (east) at Dec 0
        double[] out = new double[2];
        EpochPropagation.propagate(359.995, 0.0, -500, 0, 2016.0, 1953.0, out);
        assertThat(out[0]).isCloseTo(359.995 + 31.5 / 3600 - 360, within(MICROARCSEC_DEG));
    }

    @Test
    void agreesWithTheReferenceLinearFormulaAwayFromThePoles() {
        double ra = 150.0;
        double dec = 35.0;
        double pmRa = 120.0;
        double pmDe = -80.0;
        double dt = 1953.25 - 2016.0;
        double[] out = new double[2];
        EpochPropagation.propagate(ra, dec, pmRa, pmDe, 2016.0, 1953.25, out);
        double linearDec = dec + pmDe * dt / 3.6e6;
        double linearRa = ra + (pmRa * dt / 3.6e6) / Math.cos(Math.toRadians(dec));
        // only the second-order curvature term (≈0.1 mas for a 9″ displacement at Dec 35°) differs
        assertThat(SkyGeometry.separationArcsec(out[0], out[1], linearRa, linearDec)).isLessThan(1e-3);
    }

    @Test
    void northwardMotionAtDec89IsExact() {
        // 2″/yr north for 30 yr = 60″: Dec 89° → 89° + 60″, RA unchanged
        double[] out = new double[2];
        EpochPropagation.propagate(10.0, 89.0, 0, 2000, 2000.0, 2030.0, out);
        assertThat(out[0]).isCloseTo(10.0, within(1e-9));
        assertThat(out[1]).isCloseTo(89.0 + 60.0 / 3600, within(MICROARCSEC_DEG));
    }

    @Test
    void eastwardMotionAtDecMinus89FollowsTheSphere() {
        // 66″ east at Dec −89°: the destination 66″ away at bearing 90° (spherical "destination point")
        double[] out = new double[2];
        EpochPropagation.propagate(200.0, -89.0, 1000, 0, 2016.0, 2082.0, out);
        assertThat(SkyGeometry.separationArcsec(200.0, -89.0, out[0], out[1])).isCloseTo(66.0, within(1e-6));
        double theta = Math.toRadians(66.0 / 3600);
        double d = Math.toRadians(-89.0);
        double dec2 = Math.asin(Math.sin(d) * Math.cos(theta));
        double dRa = Math.atan2(Math.sin(theta) * Math.cos(d), Math.cos(theta) - Math.sin(d) * Math.sin(dec2));
        assertThat(out[1]).isCloseTo(Math.toDegrees(dec2), within(1e-9));
        assertThat(out[0]).isCloseTo(200.0 + Math.toDegrees(dRa), within(1e-9));
        // the reference's linear formula keeps Dec at −89° exactly and is wrong by the curvature there
        double linearRa = 200.0 + (66.0 / 3600) / Math.cos(Math.toRadians(-89.0));
        assertThat(SkyGeometry.separationArcsec(linearRa, -89.0, out[0], out[1])).isGreaterThan(0.5);
    }

    @Test
    void motionOverThePoleStaysOnTheSphere() {
        // a star 1″ from the north pole moving 2″ toward it ends 1″ beyond it, 180° away in RA
        double[] out = new double[2];
        EpochPropagation.propagate(45.0, 90.0 - 1.0 / 3600, 0, 1000, 2000.0, 2002.0, out);
        assertThat(out[1]).isCloseTo(90.0 - 1.0 / 3600, within(1e-9));
        assertThat(out[0]).isCloseTo(225.0, within(1e-6));
    }

    @Test
    void rowsWithoutProperMotionKeepTheirPositionAndRowsWithoutPositionAreDropped() {
        double[] ra = {10.0, 20.0, Double.NaN, 30.0, 370.0};
        double[] dec = {0.0, 10.0, 5.0, 95.0, 1.0};
        double[] pmRa = {Double.NaN, 100.0, 0.0, 0.0, 3600.0};
        double[] pmDe = {50.0, Double.NaN, 0.0, 0.0, 0.0};
        EpochPropagation.Propagated p = EpochPropagation.propagate(ra, dec, pmRa, pmDe, 2000.0, 2001.0);
        assertThat(p.sourceRow()).containsExactly(0, 1, 4);
        assertThat(p.ra()[0]).isEqualTo(10.0);
        assertThat(p.dec()[1]).isEqualTo(10.0);
        assertThat(p.ra()[2]).isCloseTo(10.0 + 3.6 / 3600 / Math.cos(Math.toRadians(1.0)), within(1e-9));
        assertThat(p.moved()).isEqualTo(1);
        assertThat(p.dropped(5)).isEqualTo(2);
    }
}
