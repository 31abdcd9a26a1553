package org.vasco.veto.shape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An azimuthally averaged radial profile as photutils' {@code RadialProfile} computes it: for each annulus
 * between consecutive edge radii, the area-weighted mean of the pixels it overlaps. Overlaps are computed
 * with 10×10 sub-pixel sampling (photutils uses exact geometry; the two agree to ~1 % per bin). Pixels outside
 * the image count neither in the sum nor in the area; a bin with no area is NaN.
 */
public final class RadialProfile {

    static final int SUBSAMPLE = 10;
    private static final double SUBSAMPLE_AREA = 1.0 / (SUBSAMPLE * SUBSAMPLE);

    private RadialProfile() {
    }

    /** The reference's edges 0, 0.5, …, 14.5 px (numpy {@code arange(30) / 2}). */
    public static double[] referenceEdges() {
        double[] edges = new double[30];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = i / 2.0;
        }
        return edges;
    }

    /** Profile around (x, y) in 0-based pixel coordinates; one value per bin (edges.length − 1). */
    public static double[] of(PixelImage image, double x, double y, double[] edges) {
        int bins = edges.length - 1;
        double[] sum = new double[bins];
        double[] area = new double[bins];
        forEachPixel(image, x, y, edges, (v, subsamples) -> {
            for (int bin = 0; bin < bins; bin++) {
                for (int k = 0; k < subsamples[bin]; k++) {
                    sum[bin] += SUBSAMPLE_AREA * v;
                    area[bin] += SUBSAMPLE_AREA;
                }
            }
        });
        double[] profile = new double[bins];
        for (int i = 0; i < bins; i++) {
            profile[i] = area[i] > 0 ? sum[i] / area[i] : Double.NaN;
        }
        return profile;
    }

    /**
     * Profile around (x, y) as the area-weighted median of each annulus's pixels rather than their mean: each pixel
     * counts with the area it shares with the annulus (the same 10×10 sub-pixel sampling as {@link #of}). A brighter
     * neighbour's light fills only a sector of the annuli it crosses, so it moves a median far less than a mean; the
     * corrected profile's S0S compares an object with stars by this profile (docs/science.md).
     */
    public static double[] medianOf(PixelImage image, double x, double y, double[] edges) {
        int bins = edges.length - 1;
        List<List<double[]>> members = new ArrayList<>(bins);
        for (int i = 0; i < bins; i++) {
            members.add(new ArrayList<>());
        }
        forEachPixel(image, x, y, edges, (v, subsamples) -> {
            for (int bin = 0; bin < bins; bin++) {
                double share = 0;
                for (int k = 0; k < subsamples[bin]; k++) {
                    share += SUBSAMPLE_AREA;
                }
                if (share > 0) {
                    members.get(bin).add(new double[] {v, share});
                }
            }
        });
        double[] profile = new double[bins];
        for (int i = 0; i < bins; i++) {
            profile[i] = weightedMedian(members.get(i));
        }
        return profile;
    }

    /** What {@link #forEachPixel} hands over: a finite pixel's value and how many of its sub-pixels fall in each bin. */
    @FunctionalInterface
    private interface PixelInBins {
        void accept(double value, int[] subsamplesPerBin);
    }

    /**
     * Every finite pixel within the outer edge's reach of (x, y), row by row, with the count of its
     * {@value #SUBSAMPLE}×{@value #SUBSAMPLE} sub-pixels in each bin (the array is reused: read it before returning).
     */
    private static void forEachPixel(PixelImage image, double x, double y, double[] edges, PixelInBins sink) {
        int bins = edges.length - 1;
        double rMax = edges[bins];
        int xs = (int) Math.floor(x - rMax - 1);
        int xe = (int) Math.ceil(x + rMax + 1);
        int ys = (int) Math.floor(y - rMax - 1);
        int ye = (int) Math.ceil(y + rMax + 1);
        int[] counts = new int[bins];
        for (int py = Math.max(0, ys); py <= Math.min(image.height() - 1, ye); py++) {
            for (int px = Math.max(0, xs); px <= Math.min(image.width() - 1, xe); px++) {
                double v = image.get(px, py);
                if (!Double.isFinite(v)) {
                    continue;
                }
                java.util.Arrays.fill(counts, 0);
                for (int sy = 0; sy < SUBSAMPLE; sy++) {
                    double dy = py - 0.5 + (sy + 0.5) / SUBSAMPLE - y;
                    for (int sx = 0; sx < SUBSAMPLE; sx++) {
                        double dx = px - 0.5 + (sx + 0.5) / SUBSAMPLE - x;
                        int bin = bin(edges, Math.sqrt(dx * dx + dy * dy));
                        if (bin >= 0) {
                            counts[bin]++;
                        }
                    }
                }
                sink.accept(v, counts);
            }
        }
    }

    /** The value at half the total weight (the lower one on a tie); NaN when empty. */
    private static double weightedMedian(List<double[]> valueWeights) {
        if (valueWeights.isEmpty()) {
            return Double.NaN;
        }
        valueWeights.sort(Comparator.comparingDouble(vw -> vw[0]));
        double total = 0;
        for (double[] vw : valueWeights) {
            total += vw[1];
        }
        double running = 0;
        for (double[] vw : valueWeights) {
            running += vw[1];
            if (running >= total / 2) {
                return vw[0];
            }
        }
        return valueWeights.get(valueWeights.size() - 1)[0];
    }

    private static int bin(double[] edges, double r) {
        if (r < edges[0] || r >= edges[edges.length - 1]) {
            return -1;
        }
        // Edges are ascending and few: a linear scan is as fast as a search here.
        for (int i = 1; i < edges.length; i++) {
            if (r < edges[i]) {
                return i - 1;
            }
        }
        return -1;
    }

    /**
     * Scaled by its finite minimum and the object's own peak, the highest of the first {@code coreBins} bins, so
     * that the core runs from 0 to 1 whatever lies further out (the corrected profile's normalisation: a brighter
     * neighbour inside the profile's 14.5 px would otherwise be the maximum and flatten the object's core); all zeros
     * when the core is not above the minimum.
     */
    public static double[] normalisedToCore(double[] profile, int coreBins) {
        double min = Double.POSITIVE_INFINITY;
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < profile.length; i++) {
            if (Double.isFinite(profile[i])) {
                min = Math.min(min, profile[i]);
                if (i < coreBins) {
                    peak = Math.max(peak, profile[i]);
                }
            }
        }
        double[] out = new double[profile.length];
        if (!(peak > min)) {
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (profile[i] - min) / (peak - min);
        }
        return out;
    }

    /** Scaled to [0, 1] by its finite minimum and maximum; all zeros when flat (the reference's normalisation). */
    public static double[] normalised(double[] profile) {
        return normalisedToCore(profile, profile.length);
    }
}
