package org.vasco.testkit.sky;

import java.util.SplittableRandom;

/**
 * The point-spread function across a Schmidt plate: an elliptical Moffat profile (β = 2.8) whose FWHM
 * grows from the plate centre toward the edge (+0.3 px at 3.2°), with a slight radial elongation, so that within
 * one cut-out it varies slowly; the plate's own best focus is drawn from the plate id, so every cut-out of a plate
 * agrees. On a photographic plate a star's image also grows with its brightness (light spreads in the emulsion,
 * and the denser core widens the part above any isophote): {@link #forMagnitude} widens the core by
 * {@value #GROWTH_PER_MAG} of its width per magnitude brighter than R = {@value #FAINT_REFERENCE_MAG}, which makes
 * the faint stars' SExtractor FWHM ≈ 2.4 px and the bright PSF stars' ≈ 2.75 px, as on POSS-I E scans (the
 * calibration is in docs/science.md).
 */
final class PlatePsf {

    static final double BETA = 2.8;
    /** Core FWHM of the faintest stars at the best-focused plate's centre, px (before pixel integration). */
    static final double BASE_FWHM = 2.0;
    /** The core widens by this share of its width per magnitude brighter than {@link #FAINT_REFERENCE_MAG}. */
    static final double GROWTH_PER_MAG = 0.045;
    static final double FAINT_REFERENCE_MAG = 19.5;
    /** Brighter than this the core no longer widens: the plateau of burnt-out cores takes over. */
    static final double GROWTH_STOPS_MAG = 11.0;
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
        this.baseFwhm = BASE_FWHM + 0.12 * rng.nextDouble();
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
        double fwhm = Math.max(1.9, Math.min(3.3, baseFwhm + 0.3 * r * r + tilt * px / PLATE_HALF_WIDTH_DEG));
        double ellipticity = Math.min(0.12, 0.02 + 0.06 * r * r);
        // Radial elongation: the major axis points away from the plate centre (east is -x in the image).
        double angle = Math.atan2(py, -px);
        return new Shape(fwhm, ellipticity, angle, BETA);
    }

    /** The profile of a star of plate magnitude {@code mag} where the field's profile is {@code field}. */
    static Shape forMagnitude(Shape field, double mag) {
        double brighter = Math.max(0.0, FAINT_REFERENCE_MAG - Math.max(GROWTH_STOPS_MAG, mag));
        return new Shape(field.fwhm() * (1.0 + GROWTH_PER_MAG * brighter), field.ellipticity(), field.angle(), field.beta());
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
