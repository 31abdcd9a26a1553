package org.vasco.common.sky;

/**
 * The gnomonic (TAN) projection about a tangent point, in the FITS WCS convention: standard
 * coordinates (xi, eta) in degrees, xi increasing toward east (increasing RA).
 * Immutable and thread-safe.
 */
public final class TanProjection {

    private final double ra0;
    private final double dec0;
    private final double sinDec0;
    private final double cosDec0;

    public TanProjection(double ra0Deg, double dec0Deg) {
        this.ra0 = ra0Deg;
        this.dec0 = dec0Deg;
        this.sinDec0 = Math.sin(Math.toRadians(dec0Deg));
        this.cosDec0 = Math.cos(Math.toRadians(dec0Deg));
    }

    public double ra0() {
        return ra0;
    }

    public double dec0() {
        return dec0;
    }

    /**
     * Projects a sky position to standard coordinates {xi, eta} in degrees.
     *
     * @throws IllegalArgumentException when the position is 90° or more from the tangent point
     */
    public double[] project(double raDeg, double decDeg) {
        double dRa = Math.toRadians(raDeg - ra0);
        double sinDec = Math.sin(Math.toRadians(decDeg));
        double cosDec = Math.cos(Math.toRadians(decDeg));
        double cosC = sinDec0 * sinDec + cosDec0 * cosDec * Math.cos(dRa);
        if (cosC <= 0) {
            throw new IllegalArgumentException("Position (" + raDeg + ", " + decDeg
                    + ") is at least 90 degrees from the tangent point (" + ra0 + ", " + dec0 + ")");
        }
        double xi = cosDec * Math.sin(dRa) / cosC;
        double eta = (cosDec0 * sinDec - sinDec0 * cosDec * Math.cos(dRa)) / cosC;
        return new double[] {Math.toDegrees(xi), Math.toDegrees(eta)};
    }

    /** De-projects standard coordinates (degrees) to {ra, dec} in degrees, RA in [0, 360). */
    public double[] deproject(double xiDeg, double etaDeg) {
        double xi = Math.toRadians(xiDeg);
        double eta = Math.toRadians(etaDeg);
        double denominator = cosDec0 - eta * sinDec0;
        double ra = Math.toRadians(ra0) + Math.atan2(xi, denominator);
        double dec = Math.atan2(sinDec0 + eta * cosDec0, Math.hypot(xi, denominator));
        return new double[] {SkyGeometry.normaliseRa(Math.toDegrees(ra)), Math.toDegrees(dec)};
    }
}
