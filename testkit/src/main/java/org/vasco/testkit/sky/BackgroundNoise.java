package org.vasco.testkit.sky;

import java.util.Arrays;
import org.vasco.common.stats.Statistics;

/**
 * The background noise SExtractor measures on a developed cut-out and, with no weight map (pass 2: WEIGHT_TYPE NONE),
 * uses for every FLUXERR and so for SNR_WIN: per {@value #MESH_PX}-px mesh (BACK_SIZE 64) the standard deviation of its
 * pixels after iterative 3σ clipping about their median, each mesh replaced by the median of its 3×3 neighbourhood
 * (BACK_FILTERSIZE 3), and the median over the meshes (the "RMS" SExtractor reports; this estimate agrees with it within
 * 0.5 % on a sparse and a crowded tile). It holds everything the extractor counts as noise: the grain, the emulsion's
 * mottle (which varies within one mesh), and in a crowded field the light of the stars below the detection limit and
 * the wings and halos of the others. Stateless.
 */
final class BackgroundNoise {

    static final int MESH_PX = 64;
    private static final double CLIP_SIGMA = 3.0;
    private static final int MAX_ITERATIONS = 20;

    private BackgroundNoise() {
    }

    /** The noise of a developed image, row-major from the bottom row (FITS order), {@code naxis} square. */
    static double of(int[] pixels, int naxis) {
        int meshes = (naxis + MESH_PX - 1) / MESH_PX;
        double[] raw = new double[meshes * meshes];
        for (int my = 0; my < meshes; my++) {
            for (int mx = 0; mx < meshes; mx++) {
                raw[my * meshes + mx] = clippedSigma(pixels, naxis, mx * MESH_PX, my * MESH_PX);
            }
        }
        double[] filtered = new double[raw.length];
        double[] around = new double[9];
        for (int my = 0; my < meshes; my++) {
            for (int mx = 0; mx < meshes; mx++) {
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = mx + dx;
                        int y = my + dy;
                        if (x >= 0 && y >= 0 && x < meshes && y < meshes) {
                            around[n++] = raw[y * meshes + x];
                        }
                    }
                }
                filtered[my * meshes + mx] = Statistics.median(Arrays.copyOf(around, n));
            }
        }
        return Statistics.median(filtered);
    }

    /** The standard deviation of one mesh's pixels after iterative 3σ clipping about their median. */
    private static double clippedSigma(int[] pixels, int naxis, int x0, int y0) {
        int width = Math.min(MESH_PX, naxis - x0);
        int height = Math.min(MESH_PX, naxis - y0);
        long[] v = new long[width * height];
        int k = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                v[k++] = pixels[y * naxis + x];
            }
        }
        Arrays.sort(v);
        // prefix sums over the sorted values: every clipped set is a contiguous run of them
        double[] sum = new double[v.length + 1];
        double[] sumSq = new double[v.length + 1];
        for (int i = 0; i < v.length; i++) {
            sum[i + 1] = sum[i] + v[i];
            sumSq[i + 1] = sumSq[i] + (double) v[i] * v[i];
        }
        int lo = 0;
        int hi = v.length;
        double s = Double.NaN;
        for (int iteration = 0; iteration < MAX_ITERATIONS && hi - lo > 1; iteration++) {
            int n = hi - lo;
            double mean = (sum[hi] - sum[lo]) / n;
            s = Math.sqrt(Math.max(0.0, (sumSq[hi] - sumSq[lo]) / n - mean * mean));
            double median = v[lo + n / 2];
            int newLo = first(v, median - CLIP_SIGMA * s, false);
            int newHi = first(v, median + CLIP_SIGMA * s, true);
            if (newLo == lo && newHi == hi) {
                break;
            }
            lo = newLo;
            hi = newHi;
        }
        return s;
    }

    /** The first index whose value is at least {@code value} ({@code above}: greater than it). */
    private static int first(long[] sorted, double value, boolean above) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value || above && sorted[mid] == value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
