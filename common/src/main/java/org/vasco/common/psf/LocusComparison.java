package org.vasco.common.psf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.vasco.common.stats.Statistics;

/**
 * How a candidate's measurement compares with the same measurement of its tile's locus stars of similar S/N (the
 * corrected profile's test, docs/science.md): the stars whose SNR_WIN lies within {@value #FIRST_WINDOW_DEX} dex of
 * the candidate's (widened by as much again, up to {@value #WIDEST_WINDOW_DEX} dex, until at least the wanted number
 * of stars is in), their median and robust spread (1.4826·MAD), and the candidate's distance from the median in
 * units of that spread. An outlier is then judged by the caller's limit. Stateless and thread-safe.
 */
public final class LocusComparison {

    static final double FIRST_WINDOW_DEX = 0.1;
    static final double WIDEST_WINDOW_DEX = 0.3;

    private LocusComparison() {
    }

    /**
     * How one value compares with the reference values.
     *
     * @param stars  reference values used
     * @param median their median
     * @param sigma  their robust spread, 1.4826·MAD (their standard deviation when the MAD is 0)
     * @param z      (value − median) / sigma; NaN when the value is not finite, there are no reference values or
     *               they do not spread
     */
    public record Outlier(int stars, double median, double sigma, double z) {
    }

    /**
     * The stars of similar S/N: the first of the widening windows around {@code snr} that holds at least
     * {@code minStars} of them, else those of the widest window.
     */
    public static <T> List<T> similarSnr(List<T> stars, ToDoubleFunction<T> snrOf, double snr, int minStars) {
        List<T> chosen = List.of();
        double logSnr = Math.log10(snr);
        for (double window = FIRST_WINDOW_DEX; window <= WIDEST_WINDOW_DEX + 1e-9; window += FIRST_WINDOW_DEX) {
            List<T> in = new ArrayList<>();
            for (T s : stars) {
                double other = snrOf.applyAsDouble(s);
                if (other > 0 && Math.abs(Math.log10(other) - logSnr) <= window) {
                    in.add(s);
                }
            }
            chosen = in;
            if (in.size() >= minStars) {
                break;
            }
        }
        return chosen;
    }

    /** How {@code value} lies among {@code reference} (non-finite reference values are left out). */
    public static Outlier of(double value, double[] reference) {
        double[] finite = Arrays.stream(reference).filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            return new Outlier(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double median = Statistics.median(finite);
        double[] dev = new double[finite.length];
        for (int i = 0; i < finite.length; i++) {
            dev[i] = Math.abs(finite[i] - median);
        }
        double sigma = 1.4826 * Statistics.median(dev);
        if (!(sigma > 0) && finite.length > 1) {
            sigma = Statistics.standardDeviation(finite);
        }
        double z = sigma > 0 && Double.isFinite(value) ? (value - median) / sigma : Double.NaN;
        return new Outlier(finite.length, median, sigma, z);
    }
}
