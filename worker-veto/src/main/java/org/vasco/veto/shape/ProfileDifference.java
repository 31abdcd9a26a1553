package org.vasco.veto.shape;

import java.util.List;

/**
 * The reference's {@code profile_diff} (SPEC §9.3, after Busko 2026): the target's normalised radial profile
 * against the mean of its similar-flux neighbours' normalised profiles; bins where the mean is ≤ 0.1 are zeroed,
 * the difference is weighted by the mean, the first two bins are zeroed, and the RMS over all bins is returned.
 * NaN bins (no pixels) contribute nothing, where numpy would have turned the whole sum into NaN.
 */
public final class ProfileDifference {

    static final double LOW_SIGNAL = 0.1;

    private ProfileDifference() {
    }

    /** NaN when there is no neighbour profile. */
    public static double of(double[] targetNormalised, List<double[]> neighboursNormalised) {
        if (neighboursNormalised.isEmpty()) {
            return Double.NaN;
        }
        int bins = targetNormalised.length;
        double sumSq = 0;
        for (int i = 2; i < bins; i++) {
            double mean = 0;
            int n = 0;
            for (double[] p : neighboursNormalised) {
                if (Double.isFinite(p[i])) {
                    mean += p[i];
                    n++;
                }
            }
            if (n == 0 || !Double.isFinite(targetNormalised[i])) {
                continue;
            }
            mean /= n;
            if (mean <= LOW_SIGNAL) {
                continue;
            }
            double d = (targetNormalised[i] - mean) * mean;
            sumSq += d * d;
        }
        return Math.sqrt(sumSq / bins);
    }
}
