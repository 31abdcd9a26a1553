package org.vasco.common.stats;

import java.util.Arrays;

/**
 * Median and standard deviation as numpy computes them (median averages the two middle values; std has ddof 0),
 * shared by WCSFIX's clipping and the late filters' robust clip so both follow the reference's numpy. Stateless.
 */
public final class Statistics {

    private Statistics() {
    }

    /** Median of finite values; NaN when there are none. Does not modify the input. */
    public static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** Population standard deviation (ddof 0) of all values; NaN for none. */
    public static double standardDeviation(double[] values) {
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / values.length);
    }
}
