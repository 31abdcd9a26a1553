package org.vasco.testkit.sky;

import java.util.SplittableRandom;

/**
 * The point-spread function across a Schmidt plate: an elliptical Moffat profile (β = 2.8) whose FWHM
 * grows from ≈ 2.55 px at the plate centre toward the edge (≈ 3.0 px at 3°, 3.5 px at most), with a slight radial
 * elongation, so that within one cut-out it varies slowly. The plate's own best focus is drawn from the
 * plate id, so every cut-out of a plate agrees.
 */
final class PlatePsf {

    static final double BETA = 2.8;
    private static final double PLATE_HALF_WIDTH_DEG = 3.2;

    private final double baseFwhm;
    private final double tilt;
    private final double offsetXDeg;
    private final double offsetYDeg;
    private final double crpix;
    private final double scaleDeg;

    /**
     * @param offsetXDeg cut-out centre east of the plate centre (standard coordinate ξ), degrees
     * @param offsetYDeg cut-out centre north of the plate centre (η), degrees
     */
    PlatePsf(long plateSeed, double offsetXDeg, double offsetYDeg, CutoutWcs wcs) {
        SplittableRandom rng = new SplittableRandom(plateSeed);
        this.baseFwhm = 2.35 + 0.15 * rng.nextDouble();
        this.tilt = 0.15 * (rng.nextDouble() - 0.5);
        this.offsetXDeg = offsetXDeg;
        this.offsetYDeg = offsetYDeg;
        this.crpix = wcs.crpix();
        this.scaleDeg = wcs.scaleArcsec() / 3600.0;
    }

    /** The profile at a pixel position. */
    Shape at(double x, double y) {
        double px = offsetXDeg - (x - crpix) * scaleDeg;
        double py = offsetYDeg + (y - crpix) * scaleDeg;
        double r = Math.hypot(px, py) / PLATE_HALF_WIDTH_DEG;
        double fwhm = Math.max(2.3, Math.min(3.5, baseFwhm + 0.3 * r * r + tilt * px / PLATE_HALF_WIDTH_DEG));
        double ellipticity = Math.min(0.12, 0.02 + 0.06 * r * r);
        // Radial elongation: the major axis points away from the plate centre (east is -x in the image).
        double angle = Math.atan2(py, -px);
        return new Shape(fwhm, ellipticity, angle, BETA);
    }

    /**
     * @param fwhm        pixels
     * @param ellipticity 1 − b/a
     * @param angle       major-axis angle from +x, radians
     * @param beta        Moffat index
     */
    record Shape(double fwhm, double ellipticity, double angle, double beta) {

        /** Moffat core width α for the FWHM. */
        double alpha() {
            return fwhm / (2.0 * Math.sqrt(Math.pow(2.0, 1.0 / beta) - 1.0));
        }
    }
}
