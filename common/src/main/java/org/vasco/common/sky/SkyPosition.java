package org.vasco.common.sky;

/**
 * A position on the sky (ICRS/J2000 as the plate solutions give it), degrees.
 *
 * @param raDeg  right ascension in [0, 360)
 * @param decDeg declination in [-90, 90]
 */
public record SkyPosition(double raDeg, double decDeg) {

    public SkyPosition {
        if (!Double.isFinite(raDeg) || !Double.isFinite(decDeg) || decDeg < -90.0 || decDeg > 90.0) {
            throw new IllegalArgumentException("Not a sky position: RA " + raDeg + ", Dec " + decDeg);
        }
        raDeg = SkyGeometry.normaliseRa(raDeg);
    }

    /** Great-circle separation from another position, arcseconds. */
    public double separationArcsec(SkyPosition other) {
        return SkyGeometry.separationArcsec(raDeg, decDeg, other.raDeg, other.decDeg);
    }
}
