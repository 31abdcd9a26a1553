package org.vasco.xmatch.science;

import java.util.Arrays;
import org.vasco.common.sky.TanProjection;
import org.vasco.common.sky.match.MatchMode;
import org.vasco.common.sky.match.MatchPairs;
import org.vasco.common.sky.match.SkyMatcher;
import org.vasco.common.stats.Statistics;

/**
 * WCSFIX (SPEC §6.4): a low-order polynomial tying the plate's positions to Gaia at the plate epoch.
 *
 * <p>Tie points are the one-to-one ({@code find=best}) detection–Gaia pairs within the bootstrap
 * radius. The offsets Gaia − detection are fitted as polynomials of the detection position relative
 * to the tile centre, then refined by a robust loop: residuals of all tie points under the fit to the
 * kept ones, σ = 1.4826·MAD of the residuals (the standard deviation when MAD = 0 and more than
 * 10 residuals count), threshold = min(10″, max(1.5″, 3σ)) or 10″ when σ = 0; the loop stops when the kept
 * set stops changing or after the configured iterations, and the final fit uses the kept set. Which residuals
 * make σ, whether a clipped tie point can come back and whether a clipping failure tries the fallback is the
 * {@link WcsfixClipping}'s.
 *
 * <p>Deliberate difference from the reference: the reference works in raw (ΔRA, ΔDec) degrees, so
 * its RA offsets and residuals are stretched by 1/cos δ (a 1″ error reads as 2″ at Dec 60°, and its
 * clipping threshold means different things at different declinations). Here positions, offsets and
 * residuals are in the tangent plane of the tile centre, i.e. with cos δ applied, which is also valid
 * at the poles and across RA 0/360.
 *
 * <p>A failed fit (too few tie points, a singular design, non-finite coefficients) never throws: the
 * result says why and {@link WcsfixResult#correct} returns the raw positions. When the reason is too
 * few tie points and a fallback configuration is given, the fallback is tried, as the reference does.
 * Stateless and thread-safe.
 */
public final class Wcsfix {

    static final String TOO_FEW = "too few tie points";

    /** The reason of a clipping failure under {@link WcsfixClipping#REFERENCE}, as the reference words it. */
    static final String CLIPPED_TOO_FEW = "fit failed: too few matches after robust clipping";

    private final WcsfixConfig primary;
    private final WcsfixConfig fallback;
    private final int maxIterations;
    private final WcsfixClipping clipping;

    /** The reference's clipping ({@link WcsfixClipping#REFERENCE}). */
    public Wcsfix(WcsfixConfig primary, WcsfixConfig fallback, int maxIterations) {
        this(primary, fallback, maxIterations, WcsfixClipping.REFERENCE);
    }

    /**
     * @param fallback null for no fallback
     */
    public Wcsfix(WcsfixConfig primary, WcsfixConfig fallback, int maxIterations, WcsfixClipping clipping) {
        this.primary = java.util.Objects.requireNonNull(primary, "primary");
        this.fallback = fallback;
        this.clipping = java.util.Objects.requireNonNull(clipping, "clipping");
        if (maxIterations < 1) {
            throw new IllegalArgumentException("WCSFIX iterations must be ≥ 1, found " + maxIterations);
        }
        this.maxIterations = maxIterations;
    }

    /**
     * Fits the correction.
     *
     * @param raDet  detection RA (ALPHAWIN_J2000), degrees
     * @param decDet detection Dec
     * @param raRef  Gaia RA at the plate epoch
     * @param decRef Gaia Dec at the plate epoch
     */
    public WcsfixResult fit(double[] raDet, double[] decDet, double[] raRef, double[] decRef,
                            double centreRaDeg, double centreDecDeg) {
        WcsfixResult first = fitWith(primary, false, raDet, decDet, raRef, decRef, centreRaDeg, centreDecDeg);
        if (first.ok() || fallback == null || !first.reason().contains(TOO_FEW)) {
            return first;
        }
        WcsfixResult second = fitWith(fallback, true, raDet, decDet, raRef, decRef, centreRaDeg, centreDecDeg);
        if (second.ok()) {
            return second;
        }
        return new WcsfixResult(false, "primary: " + first.reason() + "; fallback: " + second.reason(), true,
                second.bootstrapArcsec(), second.degree(), second.minMatches(), centreRaDeg, centreDecDeg,
                second.tiePoints(), second.iterations(), second.kept(), second.dropped(), second.sigmaArcsec(),
                second.clipThresholdArcsec(), new double[0], new double[0]);
    }

    private WcsfixResult fitWith(WcsfixConfig config, boolean isFallback, double[] raDet, double[] decDet,
                                 double[] raRef, double[] decRef, double centreRa, double centreDec) {
        MatchPairs pairs = SkyMatcher.match(raDet, decDet, raRef, decRef, config.bootstrapArcsec(), MatchMode.BEST);
        int n = pairs.size();
        Failure fail = (reason, iterations, kept, sigma, thr) -> new WcsfixResult(false, reason, isFallback,
                config.bootstrapArcsec(), config.degree(), config.minMatches(), centreRa, centreDec, n, iterations,
                kept, n - kept, sigma, thr, new double[0], new double[0]);
        if (n < config.minMatches()) {
            return fail.of(TOO_FEW + ": " + n + " < " + config.minMatches(), 0, n, Double.NaN, Double.NaN);
        }
        TanProjection tan = new TanProjection(centreRa, centreDec);
        double[] x = new double[n];
        double[] y = new double[n];
        double[] dx = new double[n];
        double[] dy = new double[n];
        for (int k = 0; k < n; k++) {
            double[] det = tan.project(raDet[pairs.row1(k)], decDet[pairs.row1(k)]);
            double[] ref = tan.project(raRef[pairs.row2(k)], decRef[pairs.row2(k)]);
            x[k] = det[0];
            y[k] = det[1];
            dx[k] = ref[0] - det[0];
            dy[k] = ref[1] - det[1];
        }
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        int keptCount = n;
        int iterations = 0;
        double sigma = Double.NaN;
        double threshold = Double.NaN;
        double[] residual = new double[n];
        for (int it = 0; it < maxIterations; it++) {
            iterations++;
            double[] cx = PolynomialFit.fit(config.degree(), x, y, dx, keep);
            double[] cy = PolynomialFit.fit(config.degree(), x, y, dy, keep);
            if (cx == null || cy == null) {
                return fail.of("singular fit: tie points do not constrain a degree-" + config.degree() + " polynomial",
                        iterations, keptCount, sigma, threshold);
            }
            for (int k = 0; k < n; k++) {
                double ex = dx[k] - PolynomialFit.evaluate(cx, config.degree(), x[k], y[k]);
                double ey = dy[k] - PolynomialFit.evaluate(cy, config.degree(), x[k], y[k]);
                residual[k] = 3600 * Math.hypot(ex, ey);
            }
            boolean reference = clipping == WcsfixClipping.REFERENCE;
            sigma = robustSigma(residual, reference ? all(n) : keep);
            threshold = sigma > 0 ? Math.min(10.0, Math.max(1.5, 3 * sigma)) : 10.0;
            boolean[] next = new boolean[n];
            int nextCount = 0;
            for (int k = 0; k < n; k++) {
                next[k] = (!reference || keep[k]) && residual[k] <= threshold;
                if (next[k]) {
                    nextCount++;
                }
            }
            if (nextCount < config.minMatches()) {
                // The reference's wording carries no "too few tie points", so its fallback is not tried.
                return fail.of(reference ? CLIPPED_TOO_FEW + " (" + nextCount + " < " + config.minMatches() + ")"
                        : TOO_FEW + " after clipping: " + nextCount + " < " + config.minMatches(),
                        iterations, nextCount, sigma, threshold);
            }
            boolean changed = !Arrays.equals(next, keep);
            keep = next;
            keptCount = nextCount;
            if (!changed) {
                break;
            }
        }
        double[] cx = PolynomialFit.fit(config.degree(), x, y, dx, keep);
        double[] cy = PolynomialFit.fit(config.degree(), x, y, dy, keep);
        if (cx == null || cy == null) {
            return fail.of("singular fit: tie points do not constrain a degree-" + config.degree() + " polynomial",
                    iterations, keptCount, sigma, threshold);
        }
        if (!allFinite(cx) || !allFinite(cy)) {
            return fail.of("non-finite coefficients", iterations, keptCount, sigma, threshold);
        }
        return new WcsfixResult(true, "ok", isFallback, config.bootstrapArcsec(), config.degree(), config.minMatches(),
                centreRa, centreDec, n, iterations, keptCount, n - keptCount, sigma, threshold, cx, cy);
    }

    @FunctionalInterface
    private interface Failure {
        WcsfixResult of(String reason, int iterations, int kept, double sigma, double threshold);
    }

    private static boolean[] all(int n) {
        boolean[] every = new boolean[n];
        Arrays.fill(every, true);
        return every;
    }

    /** 1.4826·MAD of the kept residuals; their standard deviation when MAD is 0 and more than 10 are kept. */
    static double robustSigma(double[] residual, boolean[] keep) {
        double[] values = new double[residual.length];
        int m = 0;
        for (int k = 0; k < residual.length; k++) {
            if (keep[k] && Double.isFinite(residual[k])) {
                values[m++] = residual[k];
            }
        }
        if (m == 0) {
            return 0;
        }
        double[] v = Arrays.copyOf(values, m);
        double median = Statistics.median(v);
        double[] dev = new double[m];
        for (int k = 0; k < m; k++) {
            dev[k] = Math.abs(v[k] - median);
        }
        double mad = Statistics.median(dev);
        if (mad == 0 && m > 10) {
            return Statistics.standardDeviation(v);
        }
        return 1.4826 * mad;
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
