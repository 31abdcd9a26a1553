package org.vasco.veto.shape;

import java.util.Arrays;

/**
 * A photutils {@code Background2D}-equivalent background: boxes of {@code box} px, a 3σ-clipped median in each
 * (astropy {@code SigmaClip(sigma=3)}: median centre, standard deviation, at most 5 iterations), boxes with
 * fewer than 90 % real pixels (the partial boxes at the edges) replaced by an inverse-distance average of the
 * nearest good boxes, a {@code filter}×{@code filter} median filter over the box grid, and interpolation to
 * every pixel. Difference from photutils: the last step is bilinear between box centres rather than a cubic
 * spline zoom; at the scales of a radial profile the two agree to well below the noise.
 */
public final class Background2D {

    static final double SIGMA = 3.0;
    static final int MAX_ITERS = 5;
    static final double MIN_COVERAGE = 0.9;

    private final int box;
    private final int filter;

    public Background2D(int box, int filter) {
        this.box = box;
        this.filter = filter;
    }

    /** The image minus its background. */
    public PixelImage subtract(PixelImage image) {
        double[] bkg = background(image);
        double[] out = new double[bkg.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = image.data()[i] - bkg[i];
        }
        return new PixelImage(image.width(), image.height(), out);
    }

    /** The background at every pixel. */
    public double[] background(PixelImage image) {
        int nx = (image.width() + box - 1) / box;
        int ny = (image.height() + box - 1) / box;
        double[] mesh = new double[nx * ny];
        for (int by = 0; by < ny; by++) {
            for (int bx = 0; bx < nx; bx++) {
                mesh[by * nx + bx] = boxValue(image, bx, by);
            }
        }
        fillExcluded(mesh, nx, ny);
        double[] filtered = medianFilter(mesh, nx, ny);
        return interpolate(filtered, nx, ny, image.width(), image.height());
    }

    private double boxValue(PixelImage image, int bx, int by) {
        int x0 = bx * box;
        int y0 = by * box;
        int x1 = Math.min(image.width(), x0 + box);
        int y1 = Math.min(image.height(), y0 + box);
        double[] values = new double[(x1 - x0) * (y1 - y0)];
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double v = image.get(x, y);
                if (Double.isFinite(v)) {
                    values[n++] = v;
                }
            }
        }
        if (n < MIN_COVERAGE * box * box) {
            return Double.NaN;
        }
        return clippedMedian(Arrays.copyOf(values, n));
    }

    static double clippedMedian(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int lo = 0;
        int hi = v.length;
        for (int iter = 0; iter < MAX_ITERS && hi > lo; iter++) {
            double median = medianOfSorted(v, lo, hi);
            double mean = 0;
            for (int i = lo; i < hi; i++) {
                mean += v[i];
            }
            mean /= hi - lo;
            double var = 0;
            for (int i = lo; i < hi; i++) {
                var += (v[i] - mean) * (v[i] - mean);
            }
            double std = Math.sqrt(var / (hi - lo));
            int newLo = lo;
            int newHi = hi;
            while (newLo < newHi && v[newLo] < median - SIGMA * std) {
                newLo++;
            }
            while (newHi > newLo && v[newHi - 1] > median + SIGMA * std) {
                newHi--;
            }
            if (newLo == lo && newHi == hi) {
                break;
            }
            lo = newLo;
            hi = newHi;
        }
        return hi > lo ? medianOfSorted(v, lo, hi) : Double.NaN;
    }

    private static double medianOfSorted(double[] v, int lo, int hi) {
        int n = hi - lo;
        return n % 2 == 1 ? v[lo + n / 2] : 0.5 * (v[lo + n / 2 - 1] + v[lo + n / 2]);
    }

    private static void fillExcluded(double[] mesh, int nx, int ny) {
        double[] source = mesh.clone();
        boolean anyGood = Arrays.stream(source).anyMatch(Double::isFinite);
        for (int i = 0; i < mesh.length; i++) {
            if (Double.isFinite(source[i])) {
                continue;
            }
            if (!anyGood) {
                mesh[i] = 0.0;
                continue;
            }
            // Inverse-distance weighting over the (at most 10) nearest good boxes, like photutils' Shepard IDW.
            double[][] candidates = new double[source.length][];
            int k = 0;
            for (int j = 0; j < source.length; j++) {
                if (Double.isFinite(source[j])) {
                    double d = Math.hypot(j % nx - i % nx, j / nx - i / nx);
                    candidates[k++] = new double[] {d, source[j]};
                }
            }
            double[][] good = Arrays.copyOf(candidates, k);
            Arrays.sort(good, (a, b) -> Double.compare(a[0], b[0]));
            double sw = 0;
            double s = 0;
            for (int j = 0; j < Math.min(10, good.length); j++) {
                double w = 1.0 / good[j][0];
                sw += w;
                s += w * good[j][1];
            }
            mesh[i] = s / sw;
        }
    }

    private double[] medianFilter(double[] mesh, int nx, int ny) {
        double[] out = new double[mesh.length];
        int half = filter / 2;
        double[] window = new double[filter * filter];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int n = 0;
                for (int dy = -half; dy <= half; dy++) {
                    for (int dx = -half; dx <= half; dx++) {
                        // Edge boxes repeat the nearest box (scipy mode "nearest").
                        int xx = Math.min(nx - 1, Math.max(0, x + dx));
                        int yy = Math.min(ny - 1, Math.max(0, y + dy));
                        window[n++] = mesh[yy * nx + xx];
                    }
                }
                double[] w = Arrays.copyOf(window, n);
                Arrays.sort(w);
                out[y * nx + x] = medianOfSorted(w, 0, n);
            }
        }
        return out;
    }

    private double[] interpolate(double[] mesh, int nx, int ny, int width, int height) {
        double[] out = new double[width * height];
        for (int y = 0; y < height; y++) {
            double gy = clamp((y + 0.5) / box - 0.5, ny - 1);
            int y0 = (int) Math.floor(gy);
            int y1 = Math.min(ny - 1, y0 + 1);
            double fy = gy - y0;
            for (int x = 0; x < width; x++) {
                double gx = clamp((x + 0.5) / box - 0.5, nx - 1);
                int x0 = (int) Math.floor(gx);
                int x1 = Math.min(nx - 1, x0 + 1);
                double fx = gx - x0;
                out[y * width + x] = (1 - fy) * ((1 - fx) * mesh[y0 * nx + x0] + fx * mesh[y0 * nx + x1])
                        + fy * ((1 - fx) * mesh[y1 * nx + x0] + fx * mesh[y1 * nx + x1]);
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
