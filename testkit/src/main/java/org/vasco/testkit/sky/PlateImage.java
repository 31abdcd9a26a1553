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
     * the edge keeps its true flux). The profile is sampled at pixel centres.
     *
     * @return the effective noise area (Σp)²/Σp² of the profile in pixels, for the expected S/N
     */
    double add(double x, double y, int radius, double flux, Profile profile) {
        return add(x, y, radius, flux, profile, 0.0);
    }

    /**
     * As {@link #add(double, double, int, double, Profile)}, but within {@code integrateWithinPx} of the centre each
     * pixel receives the profile's mean over the pixel's area ({@value #SUBSAMPLES}×{@value #SUBSAMPLES} samples),
     * as a scan pixel integrates the light falling on it: for a PSF of 2–3 px FWHM the centre sample alone
     * overstates the peak by ~10 % and makes the image sharper than the sky.
     */
    double add(double x, double y, int radius, double flux, Profile profile, double integrateWithinPx) {
        int cx = (int) Math.round(x);
        int cy = (int) Math.round(y);
        int side = 2 * radius + 1;
        double[] stamp = new double[side * side];
        double sum = 0;
        double sumSq = 0;
        double within2 = integrateWithinPx * integrateWithinPx;
        for (int j = 0; j < side; j++) {
            double dy = cy - radius + j - y;
            for (int i = 0; i < side; i++) {
                double dx = cx - radius + i - x;
                double v = dx * dx + dy * dy <= within2 ? integrated(profile, dx, dy) : profile.value(dx, dy);
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

    static final int SUBSAMPLES = 5;

    /** The profile's mean over the pixel centred at (dx, dy). */
    private static double integrated(Profile profile, double dx, double dy) {
        double sum = 0;
        for (int b = 0; b < SUBSAMPLES; b++) {
            double oy = (b + 0.5) / SUBSAMPLES - 0.5;
            for (int a = 0; a < SUBSAMPLES; a++) {
                sum += profile.value(dx + (a + 0.5) / SUBSAMPLES - 0.5, dy + oy);
            }
        }
        return sum / (SUBSAMPLES * SUBSAMPLES);
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
     * noise that grows with density and is correlated between neighbouring pixels ({@link Grain}), the plateau
     * of burnt-out cores, and rounding to integers.
     *
     * @return pixel values 0…65535, row-major from the bottom row (FITS order)
     */
    int[] develop(Background background, double grainSigma, SplittableRandom noise) {
        int[] out = new int[naxis * naxis];
        Mottle mottle = new Mottle(naxis, MOTTLE_SCALE_PX, MOTTLE_AMPLITUDE * grainSigma, noise);
        float[] grain = Grain.field(naxis, noise);
        for (int y = 1; y <= naxis; y++) {
            int row = (y - 1) * naxis;
            for (int x = 1; x <= naxis; x++) {
                double sky = background.level(x, y) + mottle.at(x, y);
                double limit = CURVE_LIMIT - sky;
                double exposure = signal[row + x - 1];
                double density = exposure > 0 ? limit * -Math.expm1(-exposure / limit) : exposure;
                double sigma = grainSigma * Math.sqrt(1.0 + Math.max(0, density) / 12000.0);
                double value = Math.min(PLATEAU, sky + density + sigma * grain[row + x - 1]);
                out[row + x - 1] = (int) Math.max(0, Math.min(65535, Math.round(value)));
            }
        }
        return out;
    }

    /**
     * The photographic grain as a DSS scan records it: unit-variance noise whose neighbouring pixels are correlated
     * (the 25 µm scan pixels sample clumps of developed grains spanning more than one pixel; real POSS-I E scans show
     * a lag-1 correlation of 0.5–0.8). White noise is smoothed along each axis by the kernel (a, 1, a), scaled to
     * keep unit variance; its lag-1 correlation along an axis is 2a / (1 + 2a²).
     */
    static final class Grain {

        /** Lag-1 correlation of the grain along each axis. */
        static final double LAG1 = 0.65;
        /** The kernel's side weight a for {@link #LAG1}: the smaller root of 2ρa² − 2a + ρ = 0 (ρ ≤ 1/√2). */
        static final double SIDE = (1.0 - Math.sqrt(1.0 - 2.0 * LAG1 * LAG1)) / (2.0 * LAG1);

        private Grain() {
        }

        static float[] field(int naxis, SplittableRandom noise) {
            float[] white = new float[naxis * naxis];
            for (int i = 0; i < white.length; i++) {
                white[i] = (float) noise.nextGaussian();
            }
            double norm = 1.0 / Math.sqrt(1.0 + 2.0 * SIDE * SIDE);
            float[] rows = new float[white.length];
            for (int y = 0; y < naxis; y++) {
                int r = y * naxis;
                for (int x = 0; x < naxis; x++) {
                    // the edges reflect, so every pixel keeps unit variance and the same correlation
                    float left = white[r + (x == 0 ? 1 : x - 1)];
                    float right = white[r + (x == naxis - 1 ? naxis - 2 : x + 1)];
                    rows[r + x] = (float) (norm * (white[r + x] + SIDE * (left + right)));
                }
            }
            for (int y = 0; y < naxis; y++) {
                int below = (y == 0 ? 1 : y - 1) * naxis;
                int above = (y == naxis - 1 ? naxis - 2 : y + 1) * naxis;
                int r = y * naxis;
                for (int x = 0; x < naxis; x++) {
                    white[r + x] = (float) (norm * (rows[r + x] + SIDE * (rows[below + x] + rows[above + x])));
                }
            }
            return white;
        }
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
