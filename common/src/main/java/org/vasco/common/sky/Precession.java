package org.vasco.common.sky;

/**
 * Precession of equatorial directions from J2000.0 to the mean equator and equinox of another date, by the IAU 1976
 * angles ζ, z, θ (Lieske et al. 1977; Meeus, Astronomical Algorithms, ch. 21): P = R3(−z)·R2(θ)·R3(−ζ). Between
 * J2000 and the 1950s this moves a direction by about 0.6°.
 */
public final class Precession {

    private Precession() {
    }

    /** A unit vector of a J2000 position, in the frame of Julian date {@code jd}. */
    public static double[] fromJ2000(double raDeg, double decDeg, double jd) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double[] v = {Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)};
        return apply(matrix(jd), v);
    }

    /** The rotation from J2000 to the mean equator and equinox of {@code jd}. */
    static double[][] matrix(double jd) {
        double t = (jd - SunPosition.J2000_JD) / 36525.0;
        double arcsec = Math.PI / (180.0 * 3600.0);
        double zeta = (2306.2181 * t + 0.30188 * t * t + 0.017998 * t * t * t) * arcsec;
        double z = (2306.2181 * t + 1.09468 * t * t + 0.018203 * t * t * t) * arcsec;
        double theta = (2004.3109 * t - 0.42665 * t * t - 0.041833 * t * t * t) * arcsec;
        double cz = Math.cos(zeta);
        double sz = Math.sin(zeta);
        double cZ = Math.cos(z);
        double sZ = Math.sin(z);
        double ct = Math.cos(theta);
        double st = Math.sin(theta);
        return new double[][] {
            {cZ * ct * cz - sZ * sz, -cZ * ct * sz - sZ * cz, -cZ * st},
            {sZ * ct * cz + cZ * sz, -sZ * ct * sz + cZ * cz, -sZ * st},
            {st * cz, -st * sz, ct}};
    }

    static double[] apply(double[][] m, double[] v) {
        return new double[] {
            m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
            m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
            m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]};
    }
}
