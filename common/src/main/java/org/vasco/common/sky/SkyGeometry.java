package org.vasco.common.sky;

/**
 * Angular geometry on the celestial sphere, in degrees. Haversine is used for separations because it
 * stays accurate at the arcsecond scales of the vetoes, where the cosine formula loses precision.
 */
public final class SkyGeometry {

    public static final double ARCSEC_PER_DEG = 3600.0;

    private SkyGeometry() {
    }

    /** Great-circle separation of two positions, degrees. */
    public static double separationDeg(double ra1, double dec1, double ra2, double dec2) {
        double d1 = Math.toRadians(dec1);
        double d2 = Math.toRadians(dec2);
        double sinDDec = Math.sin((d2 - d1) / 2);
        double sinDRa = Math.sin(Math.toRadians(ra2 - ra1) / 2);
        double h = sinDDec * sinDDec + Math.cos(d1) * Math.cos(d2) * sinDRa * sinDRa;
        return Math.toDegrees(2 * Math.asin(Math.min(1.0, Math.sqrt(h))));
    }

    /** Great-circle separation, arcseconds. */
    public static double separationArcsec(double ra1, double dec1, double ra2, double dec2) {
        return separationDeg(ra1, dec1, ra2, dec2) * ARCSEC_PER_DEG;
    }

    /** An RA difference wrapped to [-180, 180). */
    public static double wrapDelta(double deltaRaDeg) {
        double d = (deltaRaDeg + 180.0) % 360.0;
        if (d < 0) {
            d += 360.0;
        }
        return d - 180.0;
    }

    /** An RA normalised to [0, 360). */
    public static double normaliseRa(double raDeg) {
        double r = raDeg % 360.0;
        return r < 0 ? r + 360.0 : r;
    }
}
