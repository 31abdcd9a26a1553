package org.vasco.common.sky;

/**
 * Where the Sun is at an instant, by the low-precision formulae of the Astronomical Almanac (section C, "Low precision
 * formulas for the Sun"): good to 0.01° in direction between 1950 and 2050, which covers every POSS-I E plate
 * (1949–1958). Geocentric, referred to the mean equator and equinox of date.
 *
 * @param eclipticLongitudeDeg apparent ecliptic longitude λ, degrees
 * @param obliquityDeg         mean obliquity of the ecliptic ε, degrees
 * @param distanceAu           Earth–Sun distance, astronomical units
 */
public record SunPosition(double eclipticLongitudeDeg, double obliquityDeg, double distanceAu) {

    public static final double AU_KM = 149_597_870.7;
    /** Julian date of J2000.0 (2000 January 1, 12h TT; the formulae take UT, a difference far below their accuracy). */
    public static final double J2000_JD = 2451545.0;

    /** The Sun at Julian date {@code jd} (UT). */
    public static SunPosition at(double jd) {
        double n = jd - J2000_JD;
        double meanLongitude = 280.460 + 0.9856474 * n;
        double g = Math.toRadians(357.528 + 0.9856003 * n);
        double lambda = meanLongitude + 1.915 * Math.sin(g) + 0.020 * Math.sin(2 * g);
        double distance = 1.00014 - 0.01671 * Math.cos(g) - 0.00014 * Math.cos(2 * g);
        double obliquity = 23.439 - 0.0000004 * n;
        return new SunPosition(((lambda % 360.0) + 360.0) % 360.0, obliquity, distance);
    }

    /** The geocentric vector to the Sun in the equatorial frame of date, km. */
    public double[] equatorialKm() {
        double l = Math.toRadians(eclipticLongitudeDeg);
        double e = Math.toRadians(obliquityDeg);
        double r = distanceAu * AU_KM;
        return new double[] {r * Math.cos(l), r * Math.cos(e) * Math.sin(l), r * Math.sin(e) * Math.sin(l)};
    }

    /** Right ascension of date, degrees in [0, 360). */
    public double raDeg() {
        double[] v = equatorialKm();
        return SkyGeometry.normaliseRa(Math.toDegrees(Math.atan2(v[1], v[0])));
    }

    /** Declination of date, degrees. */
    public double decDeg() {
        double[] v = equatorialKm();
        return Math.toDegrees(Math.asin(v[2] / Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])));
    }
}
