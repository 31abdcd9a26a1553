package org.vasco.coordinator.review;

import java.util.Arrays;

/**
 * The display limits of IRAF's {@code zscale} (as astropy's {@code ZScaleInterval} implements it): fit a line to
 * the sorted pixel values with iterative 2.5σ rejection, and span the median ± the line's slope divided by the
 * contrast (0.25) over the sample, clipped to the data range. Faint sources and the sky's grain both stay
 * visible, which is what a reviewer needs to tell a plate defect from a star.
 */
final class ZScale {

    static final double CONTRAST = 0.25;
    private static final double KREJ = 2.5;
    private static final int MAX_ITERATIONS = 5;
    private static final int MIN_PIXELS = 5;
    private static final double MAX_REJECT = 0.5;

    private ZScale() {
    }

    /**
     * The lower and upper display limits of the finite values given; {@code {0, 1}} when there are none, and
     * an upper limit above the lower one always.
     */
    static double[] limits(double[] values) {
        double[] samples = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = samples.length;
        if (n == 0) {
            return new double[] {0, 1};
        }
        double zmin = samples[0];
        double zmax = samples[n - 1];
        int centre = (n - 1) / 2;
        double median = n % 2 == 1 ? samples[centre] : 0.5 * (samples[centre] + samples[centre + 1]);
        int minPixels = Math.max(MIN_PIXELS, (int) (n * MAX_REJECT));
        int grow = Math.max(1, (int) (n * 0.01));
        boolean[] bad = new boolean[n];
        int good = n;
        int lastGood = n + 1;
        double slope = 0;
        for (int iteration = 0; iteration < MAX_ITERATIONS && good < lastGood && good >= minPixels; iteration++) {
            double[] line = fitLine(samples, bad);
            slope = line[0];
            double sum = 0;
            double sumSq = 0;
            int count = 0;
            double[] residual = new double[n];
            for (int i = 0; i < n; i++) {
                residual[i] = samples[i] - (line[0] * i + line[1]);
                if (!bad[i]) {
                    sum += residual[i];
                    sumSq += residual[i] * residual[i];
                    count++;
                }
            }
            double mean = sum / count;
            double threshold = KREJ * Math.sqrt(Math.max(0, sumSq / count - mean * mean));
            boolean[] rejected = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (Math.abs(residual[i]) > threshold || bad[i]) {
                    // Grow each rejection to its neighbours, as astropy convolves the mask with a box of this width.
                    for (int j = Math.max(0, i - grow / 2); j <= Math.min(n - 1, i + (grow - 1) / 2); j++) {
                        rejected[j] = true;
                    }
                }
            }
            bad = rejected;
            lastGood = good;
            good = 0;
            for (boolean b : bad) {
                good += b ? 0 : 1;
            }
        }
        double low = zmin;
        double high = zmax;
        if (good >= minPixels) {
            double s = slope / CONTRAST;
            low = Math.max(zmin, median - (centre - 1) * s);
            high = Math.min(zmax, median + (n - centre) * s);
        }
        if (!(high > low)) {
            high = low + 1;
        }
        return new double[] {low, high};
    }

    /** Least-squares slope and intercept of samples[i] against i over the points not marked bad. */
    private static double[] fitLine(double[] samples, boolean[] bad) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int count = 0;
        for (int i = 0; i < samples.length; i++) {
            if (!bad[i]) {
                sx += i;
                sy += samples[i];
                sxx += (double) i * i;
                sxy += i * samples[i];
                count++;
            }
        }
        double denominator = count * sxx - sx * sx;
        if (count < 2 || denominator == 0) {
            return new double[] {0, count == 0 ? 0 : sy / count};
        }
        double slope = (count * sxy - sx * sy) / denominator;
        return new double[] {slope, (sy - slope * sx) / count};
    }
}
