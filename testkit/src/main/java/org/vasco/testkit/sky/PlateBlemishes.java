package org.vasco.testkit.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The blemishes of one plate cut-out, which no catalogue contains and the morphology filters are
 * meant to remove: dust specks (sharper than any star), emulsion defects (irregular clumps, often
 * elongated) and scratches (thin lines tens to hundreds of pixels long). At least one of each per
 * cut-out, more in proportion to its area (≈ 40, 15 and 2 per square degree).
 */
final class PlateBlemishes {

    /**
     * One blemish as rendered.
     *
     * @param detail        {@code dust_speck}, {@code emulsion_defect} or {@code scratch}
     * @param x             FITS pixel of its centre
     * @param y             FITS pixel of its centre
     * @param flux          total added signal, ADU
     * @param effectiveArea (Σp)²/Σp² of its profile, pixels
     * @param fwhmPixels    its width across, pixels
     * @param extent        the segment {x0, y0, x1, y1} it covers (a point for specks and defects)
     */
    record Blemish(String detail, double x, double y, double flux, double effectiveArea, double fwhmPixels,
                   double[] extent) {
    }

    private final PlateImage image;
    private final SplittableRandom rng;
    private final int naxis;

    PlateBlemishes(PlateImage image, SplittableRandom rng, int naxis) {
        this.image = image;
        this.rng = rng;
        this.naxis = naxis;
    }

    List<Blemish> render() {
        double areaDeg2 = Math.pow(naxis * CutoutWcs.DSS_SCALE_ARCSEC / 3600.0, 2);
        int specks = 1 + StarCounts.poisson(rng, 40.0 * areaDeg2);
        int defects = 1 + StarCounts.poisson(rng, 15.0 * areaDeg2);
        int scratches = 1 + StarCounts.poisson(rng, 2.0 * areaDeg2);
        List<Blemish> out = new ArrayList<>();
        for (int k = 0; k < specks; k++) {
            out.add(dustSpeck());
        }
        for (int k = 0; k < defects; k++) {
            out.add(emulsionDefect());
        }
        for (int k = 0; k < scratches; k++) {
            out.add(scratch());
        }
        return out;
    }

    private double[] randomPixel(double margin) {
        double span = naxis - 2 * margin;
        return new double[] {0.5 + margin + span * rng.nextDouble(), 0.5 + margin + span * rng.nextDouble()};
    }

    /** Dust on the plate: a sharp blob, narrower than any star. */
    private Blemish dustSpeck() {
        double[] p = randomPixel(5);
        double sigma = 0.4 + 0.25 * rng.nextDouble();
        double peak = 300 + 2700 * rng.nextDouble();
        double flux = peak * 2 * Math.PI * sigma * sigma;
        double area = image.add(p[0], p[1], 4, flux, (dx, dy) -> Math.exp(-0.5 * (dx * dx + dy * dy) / (sigma * sigma)));
        return new Blemish("dust_speck", p[0], p[1], flux, area, 2.355 * sigma, point(p));
    }

    /** A flaw in the emulsion: a few overlapping small blobs, irregular and often elongated. */
    private Blemish emulsionDefect() {
        double[] p = randomPixel(8);
        int blobs = 2 + rng.nextInt(5);
        double[][] parts = new double[blobs][];
        for (int b = 0; b < blobs; b++) {
            parts[b] = new double[] {3.0 * rng.nextGaussian(), 1.2 * rng.nextGaussian(),
                0.5 + 0.9 * rng.nextDouble(), 0.3 + rng.nextDouble()};
        }
        double angle = Math.PI * rng.nextDouble();
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double flux = 2000 + 20000 * rng.nextDouble();
        double area = image.add(p[0], p[1], 12, flux, (dx, dy) -> {
            double u = dx * c + dy * s;
            double v = -dx * s + dy * c;
            double sum = 0;
            for (double[] part : parts) {
                double du = u - part[0];
                double dv = v - part[1];
                sum += part[3] * Math.exp(-(du * du + dv * dv) / (2 * part[2] * part[2]));
            }
            return sum;
        });
        return new Blemish("emulsion_defect", p[0], p[1], flux, area, 4.0, point(p));
    }

    /** A scratch: a thin straight line tens to hundreds of pixels long. */
    private Blemish scratch() {
        double[] p = randomPixel(5);
        double length = 30 + 220 * rng.nextDouble();
        double angle = Math.PI * rng.nextDouble();
        double amplitude = 150 + 650 * rng.nextDouble();
        double width = 0.5 + 0.3 * rng.nextDouble();
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double half = length / 2;
        double flux = amplitude * length * width * Math.sqrt(2 * Math.PI);
        double area = image.add(p[0], p[1], (int) Math.ceil(half + 4), flux, (dx, dy) -> {
            double along = dx * c + dy * s;
            double across = -dx * s + dy * c;
            double beyond = Math.max(0, Math.abs(along) - half);
            return Math.exp(-(across * across + beyond * beyond) / (2 * width * width));
        });
        return new Blemish("scratch", p[0], p[1], flux, area, 2.355 * width,
                new double[] {p[0] - half * c, p[1] - half * s, p[0] + half * c, p[1] + half * s});
    }

    private static double[] point(double[] p) {
        return new double[] {p[0], p[1], p[0], p[1]};
    }
}
