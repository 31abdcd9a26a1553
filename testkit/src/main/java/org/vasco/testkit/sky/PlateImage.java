package org.vasco.testkit.sky;

import java.util.SplittableRandom;

/**
 * The pixel plane of one cut-out while it is being exposed: objects add signal in bounded stamps
 * (never a pass over the whole image per object); {@link #develop} then adds sky background and
 * applies the emulsion's saturation curve and grain noise once, and quantises to 16 bits.
 * Pixel coordinates are FITS ones (1-based). Not thread-safe.
 */
final class PlateImage {

    /** Level at and above which a pixel counts as saturated (the header's SATURATE, SExtractor's SATUR_LEVEL). */
    static final double SATURATE = 50000.0;
    /** Where the scanned density of a burnt-out star core levels off. */
    static final double PLATEAU = 54500.0;
    /** Asymptote of the emulsion curve, before the plateau clips it. */
    private static final double CURVE_LIMIT = 58000.0;
    private static final double FAINTEST_ADDED = 0.05;
    /**
     * Scale and strength (in units of the grain σ) of the emulsion's background mottle. At 12 px the
     * mottle tilted the background across a faint star's isophote enough to add 10–30 % to the centroid
     * scatter at S/N 30–45 (measured with SExtractor on ideal Moffat stars and on rendered tiles, with and
     * without it); at 32 px its tilt across a star is nearly three times smaller and the centroids scatter
     * as on white noise.
     */
    private static final int MOTTLE_SCALE_PX = 32;
    private static final double MOTTLE_AMPLITUDE = 0.5;

    /** A profile evaluated relative to the object's centre (dx, dy in pixels); need not be normalised. */
    @FunctionalInterface
    interface Profile {
        double value(double dx, double dy);
    }

    private final int naxis;
    private final float[] signal;

    PlateImage(int naxis) {
        this.naxis = naxis;
        this.signal = new float[naxis * naxis];
    }

    int naxis() {
        return naxis;
    }

    /**
     * Adds {@code flux} spread by {@code profile} over the square stamp of half-width {@code radius}
     * around (x, y), normalised over the whole stamp (also the parts off the image, so an object at
     * the edge keeps its true flux).
     *
     * @return the effective noise area (Σp)²/Σp² of the profile in pixels, for the expected S/N
     */
    double add(double x, double y, int radius, double flux, Profile profile) {
        int cx = (int) Math.round(x);
        int cy = (int) Math.round(y);
        int side = 2 * radius + 1;
        double[] stamp = new double[side * side];
        double sum = 0;
        double sumSq = 0;
        for (int j = 0; j < side; j++) {
            double dy = cy - radius + j - y;
            for (int i = 0; i < side; i++) {
                double v = profile.value(cx - radius + i - x, dy);
                stamp[j * side + i] = v;
                sum += v;
                sumSq += v * v;
            }
        }
        if (sum <= 0) {
            return Double.NaN;
        }
        double scale = flux / sum;
        for (int j = 0; j < side; j++) {
            int py = cy - radius + j;
            if (py < 1 || py > naxis) {
                continue;
            }
            int row = (py - 1) * naxis;
            for (int i = 0; i < side; i++) {
                int px = cx - radius + i;
                if (px < 1 || px > naxis) {
                    continue;
                }
                double v = stamp[j * side + i] * scale;
                if (v > FAINTEST_ADDED || v < -FAINTEST_ADDED) {
                    signal[row + px - 1] += (float) v;
                }
            }
        }
        return sum * sum / sumSq;
    }

    /** Elliptical Moffat profile of a PSF shape. */
    static Profile moffat(PlatePsf.Shape shape) {
        double alpha = shape.alpha();
        double q = 1.0 - shape.ellipticity();
        double aMajor2 = alpha * alpha / q;
        double aMinor2 = alpha * alpha * q;
        double c = Math.cos(shape.angle());
        double s = Math.sin(shape.angle());
        double beta = shape.beta();
        return (dx, dy) -> {
            double u = dx * c + dy * s;
            double v = -dx * s + dy * c;
            return Math.exp(-beta * Math.log1p(u * u / aMajor2 + v * v / aMinor2));
        };
    }

    /** Radius (px) beyond which a Moffat of this flux adds less than ~0.3 ADU per pixel. */
    static int moffatRadius(PlatePsf.Shape shape, double flux, int cap) {
        double alpha = shape.alpha();
        double peak = flux * (shape.beta() - 1) / (Math.PI * alpha * alpha);
        double r = alpha * Math.pow(Math.max(1.0, peak / 0.3), 1.0 / (2 * shape.beta()));
        return (int) Math.max(Math.ceil(3 * shape.fwhm()), Math.min(cap, Math.ceil(r)));
    }

    /**
     * Develops the exposure: background (level plus gradient), the emulsion's saturation curve, grain
     * noise that grows with density, the plateau of burnt-out cores, and rounding to integers.
     *
     * @return pixel values 0…65535, row-major from the bottom row (FITS order)
     */
    int[] develop(Background background, double grainSigma, SplittableRandom noise) {
        int[] out = new int[naxis * naxis];
        Mottle mottle = new Mottle(naxis, MOTTLE_SCALE_PX, MOTTLE_AMPLITUDE * grainSigma, noise);
        for (int y = 1; y <= naxis; y++) {
            int row = (y - 1) * naxis;
            for (int x = 1; x <= naxis; x++) {
                double sky = background.level(x, y) + mottle.at(x, y);
                double limit = CURVE_LIMIT - sky;
                double exposure = signal[row + x - 1];
                double density = exposure > 0 ? limit * -Math.expm1(-exposure / limit) : exposure;
                double sigma = grainSigma * Math.sqrt(1.0 + Math.max(0, density) / 12000.0);
                double value = Math.min(PLATEAU, sky + density + sigma * noise.nextGaussian());
                out[row + x - 1] = (int) Math.max(0, Math.min(65535, Math.round(value)));
            }
        }
        return out;
    }

    /**
     * Sky background of the cut-out: a level with a linear gradient across it (plate fog and the
     * vignetting of the Schmidt field seen over one degree).
     */
    record Background(double level, double gradientX, double gradientY, double crpix) {
        double level(double x, double y) {
            return level + gradientX * (x - crpix) + gradientY * (y - crpix);
        }
    }

    /**
     * The uneven fog of a developed emulsion: smooth background structure on a scale of ~32 px
     * (0.8 mm), far broader than a star yet finer than SExtractor's 64-px background mesh, so it
     * adds to the background noise the extractor measures without moving star centroids.
     */
    static final class Mottle {
        private final int scale;
        private final int cells;
        private final double[] grid;

        Mottle(int naxis, int scale, double amplitude, SplittableRandom rng) {
            this.scale = scale;
            this.cells = naxis / scale + 2;
            this.grid = new double[cells * cells];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = amplitude * rng.nextGaussian();
            }
        }

        double at(int x, int y) {
            double gx = (double) (x - 1) / scale;
            double gy = (double) (y - 1) / scale;
            int ix = (int) gx;
            int iy = (int) gy;
            double fx = smooth(gx - ix);
            double fy = smooth(gy - iy);
            double a = grid[iy * cells + ix];
            double b = grid[iy * cells + ix + 1];
            double c = grid[(iy + 1) * cells + ix];
            double d = grid[(iy + 1) * cells + ix + 1];
            return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
        }

        /** Smoothstep, so the interpolated field has no creases along the grid lines. */
        private static double smooth(double t) {
            return t * t * (3 - 2 * t);
        }
    }
}
