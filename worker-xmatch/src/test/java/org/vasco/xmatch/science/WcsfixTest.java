package org.vasco.xmatch.science;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.TanProjection;

class WcsfixTest {

    /** Injected distortion (Gaia − detection) in the tangent plane, arcsec, as polynomials of (ξ, η) in degrees. */
    private static final double[] A_XI = {1.0, 2.0, -1.5, 3.0, -2.0, 1.0};
    private static final double[] A_ETA = {-0.8, 0.5, 1.2, -1.0, 2.5, -3.0};

    private static double poly(double[] a, double x, double y) {
        return (a[0] + a[1] * x + a[2] * y + a[3] * x * x + a[4] * x * y + a[5] * y * y) / 3600.0;
    }

    /** detection and truth (Gaia) positions: rows[0..1] = detection ra/dec, rows[2..3] = truth ra/dec */
    private static double[][] field(double ra0, double dec0, int n, long seed) {
        Random random = new Random(seed);
        TanProjection tan = new TanProjection(ra0, dec0);
        double[][] t = new double[4][n];
        for (int i = 0; i < n; i++) {
            double xi;
            double eta;
            do {
                xi = (random.nextDouble() * 2 - 1) * 0.45;
                eta = (random.nextDouble() * 2 - 1) * 0.45;
            } while (Math.hypot(xi, eta) > 0.45);
            double[] det = tan.deproject(xi, eta);
            double[] truth = tan.deproject(xi + poly(A_XI, xi, eta), eta + poly(A_ETA, xi, eta));
            t[0][i] = det[0];
            t[1][i] = det[1];
            t[2][i] = truth[0];
            t[3][i] = truth[1];
        }
        return t;
    }

    private static final Wcsfix REFERENCE = new Wcsfix(new WcsfixConfig(5, 2, 20), new WcsfixConfig(15, 1, 10), 3);

    @Test
    void recoversAnInjectedDistortionAcrossRaZero() {
        double[][] f = field(0.1, 45.0, 300, 1);
        WcsfixResult r = REFERENCE.fit(f[0], f[1], f[2], f[3], 0.1, 45.0);
        assertThat(r.ok()).as(r.reason()).isTrue();
        assertThat(r.fallbackUsed()).isFalse();
        assertThat(r.tiePoints()).isEqualTo(300);
        assertThat(r.dropped()).isZero();
        for (int k = 0; k < 6; k++) {
            assertThat(r.coefRa()[k] * 3600).isCloseTo(A_XI[k], within(1e-6));
            assertThat(r.coefDe()[k] * 3600).isCloseTo(A_ETA[k], within(1e-6));
        }
        for (int i = 0; i < 300; i++) {
            double[] c = r.correct(f[0][i], f[1][i]);
            assertThat(SkyGeometry.separationArcsec(c[0], c[1], f[2][i], f[3][i])).isLessThan(1e-5);
        }
    }

    @Test
    void clipsOutliersAndStillRecoversTheDistortion() {
        double[][] f = field(210.0, -20.0, 300, 2);
        double[][] clean = {f[0].clone(), f[1].clone()};
        Random random = new Random(3);
        TanProjection tan = new TanProjection(210.0, -20.0);
        int outliers = 0;
        for (int i = 0; i < 300; i++) {
            double[] p = tan.project(f[0][i], f[1][i]);
            double nx = random.nextGaussian() * 0.1 / 3600;
            double ny = random.nextGaussian() * 0.1 / 3600;
            if (i % 10 == 0) {
                double angle = random.nextDouble() * 2 * Math.PI;
                nx += 3.5 / 3600 * Math.cos(angle);
                ny += 3.5 / 3600 * Math.sin(angle);
                outliers++;
            }
            double[] moved = tan.deproject(p[0] + nx, p[1] + ny);
            f[0][i] = moved[0];
            f[1][i] = moved[1];
        }
        WcsfixResult r = REFERENCE.fit(f[0], f[1], f[2], f[3], 210.0, -20.0);
        assertThat(r.ok()).as(r.reason()).isTrue();
        // an outlier pushed beyond the 5″ bootstrap radius is no tie point at all; every other one is clipped
        int outliersMatched = outliers - (300 - r.tiePoints());
        assertThat(outliersMatched).isGreaterThan(20);
        assertThat(r.dropped()).isEqualTo(outliersMatched);
        assertThat(r.kept()).isEqualTo(300 - outliers);
        assertThat(r.clipThresholdArcsec()).isEqualTo(1.5);
        assertThat(r.sigmaArcsec()).isBetween(0.05, 0.2);
        for (int i = 0; i < 300; i++) {
            double[] c = r.correct(clean[0][i], clean[1][i]);
            assertThat(SkyGeometry.separationArcsec(c[0], c[1], f[2][i], f[3][i])).isLessThan(0.1);
        }
    }

    @Test
    void offsetsAreMeasuredOnTheSkyNotInRaDegrees() {
        // a pure 2″ eastward offset at Dec 60° is 4″ of RA; the fit must say 2″ (cos δ applied)
        int n = 50;
        double[] ra = new double[n];
        double[] dec = new double[n];
        double[] gRa = new double[n];
        double[] gDec = new double[n];
        Random random = new Random(4);
        for (int i = 0; i < n; i++) {
            ra[i] = 100 + (random.nextDouble() - 0.5) * 0.6;
            dec[i] = 60 + (random.nextDouble() - 0.5) * 0.3;
            gRa[i] = ra[i] + 2.0 / 3600 / Math.cos(Math.toRadians(dec[i]));
            gDec[i] = dec[i];
        }
        WcsfixResult r = new Wcsfix(new WcsfixConfig(5, 1, 10), null, 3).fit(ra, dec, gRa, gDec, 100, 60);
        assertThat(r.ok()).isTrue();
        assertThat(r.coefRa()[0] * 3600).isCloseTo(2.0, within(0.01));
        assertThat(r.coefDe()[0] * 3600).isCloseTo(0.0, within(0.01));
    }

    @Test
    void fallsBackWhenThereAreTooFewTiePoints() {
        double[][] f = field(50.0, 10.0, 15, 5);
        WcsfixResult r = REFERENCE.fit(f[0], f[1], f[2], f[3], 50.0, 10.0);
        assertThat(r.ok()).as(r.reason()).isTrue();
        assertThat(r.fallbackUsed()).isTrue();
        assertThat(r.degree()).isEqualTo(1);
        assertThat(r.bootstrapArcsec()).isEqualTo(15);
        assertThat(r.coefRa()).hasSize(3);
    }

    @Test
    void failureSaysWhyAndLeavesPositionsRaw() {
        double[][] f = field(50.0, 10.0, 5, 6);
        WcsfixResult r = REFERENCE.fit(f[0], f[1], f[2], f[3], 50.0, 10.0);
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).contains("primary: too few tie points: 5 < 20").contains("fallback: too few tie points: 5 < 10");
        assertThat(r.correct(f[0][0], f[1][0])).containsExactly(f[0][0], f[1][0]);
        assertThat(r.toMap()).containsEntry("ok", false).containsEntry("tie_points", 5);
    }

    @Test
    void collinearTiePointsAreASingularFitWithoutFallback() {
        int n = 30;
        double[] ra = new double[n];
        double[] dec = new double[n];
        for (int i = 0; i < n; i++) {
            ra[i] = 20 + i * 0.01;
            dec[i] = 5;
        }
        WcsfixResult r = REFERENCE.fit(ra, dec, ra, dec, 20.15, 5);
        assertThat(r.ok()).isFalse();
        assertThat(r.reason()).startsWith("singular fit");
        assertThat(r.fallbackUsed()).isFalse();
    }

    @Test
    void robustSigmaFollowsTheReferenceRules() {
        boolean[] all = new boolean[12];
        java.util.Arrays.fill(all, true);
        double[] residuals = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4};
        // MAD = 0 with more than 10 values: the standard deviation (ddof 0) of eleven 1s and one 4
        assertThat(Wcsfix.robustSigma(residuals, all)).isCloseTo(Math.sqrt(0.6875), within(1e-12));
        assertThat(Wcsfix.robustSigma(new double[] {1, 2, 3, 4, 10}, new boolean[] {true, true, true, true, true}))
                .isCloseTo(1.4826, within(1e-12));
    }

    /** The field's detections moved by 0.05″ Gaussian noise, and every {@code every}-th by {@code outlierArcsec} more. */
    private static void disturb(double[][] f, double ra0, double dec0, long seed, int every, double outlierArcsec) {
        Random random = new Random(seed);
        TanProjection tan = new TanProjection(ra0, dec0);
        for (int i = 0; i < f[0].length; i++) {
            double[] p = tan.project(f[0][i], f[1][i]);
            double nx = random.nextGaussian() * 0.05 / 3600;
            double ny = random.nextGaussian() * 0.05 / 3600;
            if (i % every == 0) {
                double angle = random.nextDouble() * 2 * Math.PI;
                nx += outlierArcsec / 3600 * Math.cos(angle);
                ny += outlierArcsec / 3600 * Math.sin(angle);
            }
            double[] moved = tan.deproject(p[0] + nx, p[1] + ny);
            f[0][i] = moved[0];
            f[1][i] = moved[1];
        }
    }

    private static final Wcsfix ITERATIVE = new Wcsfix(new WcsfixConfig(5, 2, 20), new WcsfixConfig(15, 1, 10), 3,
            WcsfixClipping.ITERATIVE);

    @Test
    void aClippingFailureEndsTheReferenceFitButFallsBackInTheIterativeOne() {
        // 24 tie points, every 4th 3″ off: clipping keeps fewer than 20
        double[][] f = field(50.0, 10.0, 24, 7);
        disturb(f, 50.0, 10.0, 8, 4, 3.0);

        WcsfixResult reference = REFERENCE.fit(f[0], f[1], f[2], f[3], 50.0, 10.0);
        assertThat(reference.ok()).isFalse();
        assertThat(reference.fallbackUsed()).isFalse();
        assertThat(reference.reason()).startsWith("fit failed: too few matches after robust clipping (")
                .doesNotContain("too few tie points");
        assertThat(reference.correct(f[0][1], f[1][1])).containsExactly(f[0][1], f[1][1]);

        WcsfixResult iterative = ITERATIVE.fit(f[0], f[1], f[2], f[3], 50.0, 10.0);
        assertThat(iterative.ok()).as(iterative.reason()).isTrue();
        assertThat(iterative.fallbackUsed()).isTrue();
        assertThat(iterative.degree()).isEqualTo(1);
        assertThat(iterative.kept()).isBetween(10, 20);
    }

    @Test
    void theReferenceTakesSigmaFromEveryResidualTheIterativeClippingFromTheKeptOnes() {
        // a third of the tie points 2.5″ off: they widen the reference's sigma, not the iterative one's
        double[][] f = field(210.0, -20.0, 300, 9);
        disturb(f, 210.0, -20.0, 10, 3, 2.5);

        WcsfixResult reference = REFERENCE.fit(f[0], f[1], f[2], f[3], 210.0, -20.0);
        WcsfixResult iterative = ITERATIVE.fit(f[0], f[1], f[2], f[3], 210.0, -20.0);

        assertThat(reference.ok()).isTrue();
        assertThat(iterative.ok()).isTrue();
        assertThat(reference.dropped()).isBetween(90, 100);
        assertThat(iterative.dropped()).isBetween(90, 100);
        assertThat(iterative.sigmaArcsec()).as("MAD of the 200 kept residuals (0.05″ noise)").isBetween(0.03, 0.12);
        assertThat(reference.sigmaArcsec()).as("MAD of all 300 residuals").isGreaterThan(1.5 * iterative.sigmaArcsec());
    }
}
