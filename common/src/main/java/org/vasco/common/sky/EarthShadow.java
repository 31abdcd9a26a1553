package org.vasco.common.sky;

/**
 * Whether a point of the sky seen from the Palomar Schmidt lay inside Earth's shadow at geostationary distance at an
 * instant (issue 18 item 7): a sunlit satellite or piece of debris could not glint there, which is what a transient on
 * a plate is often taken for. A flag for the candidate list, not a veto (docs/science.md, "Earth's shadow").
 * <p>
 * Geometry, in the mean equator and equinox of date: the Sun from {@link SunPosition}; the observer from the
 * site's geodetic position on the WGS 84 ellipsoid turned by the Greenwich mean sidereal time (IAU 1982); the target's
 * J2000 direction precessed to date ({@link Precession}). The line of sight from the observer meets the sphere of
 * radius {@value #GEO_RADIUS_KM} km around Earth's centre at a point P — at that distance the observer's 6,400 km
 * off the centre shift the shadow by up to 8.7° (topocentric parallax), as large as the shadow itself. P is in the umbra
 * when, with θ its angle from the antisolar direction seen from the centre, its distance from the shadow's axis
 * R·sin θ is below the umbra's radius at its distance along the axis, R_E − R·cos θ·(R_sun − R_E)/d_sun (a cone
 * narrowing away from Earth; at 42,164 km about 8.43° wide where a cylinder would give 8.69°). Earth's mean radius,
 * no atmosphere (refraction lets some light 1–2° into the geometric shadow) and no penumbra: what is flagged is the
 * full geometric umbra. Stateless and thread-safe.
 */
public final class EarthShadow {

    public static final double GEO_RADIUS_KM = 42_164.0;
    public static final double EARTH_RADIUS_KM = 6_371.0;
    public static final double SUN_RADIUS_KM = 696_000.0;

    /** The Palomar Observatory, where the POSS-I plates were taken: latitude, east longitude (degrees) and height (m). */
    public static final double PALOMAR_LATITUDE_DEG = 33.3563;
    public static final double PALOMAR_LONGITUDE_DEG = -116.8650;
    public static final double PALOMAR_HEIGHT_M = 1706.0;

    private static final double WGS84_A_KM = 6378.137;
    private static final double WGS84_F = 1.0 / 298.257223563;

    private EarthShadow() {
    }

    /**
     * Where a target lies relative to the shadow.
     *
     * @param distanceDeg θ, the angle of the target's point at the orbit from the antisolar direction, seen from
     *                    Earth's centre
     * @param radiusDeg   the umbra's angular radius at that distance, seen from the centre
     * @param inShadow    θ &lt; radius
     */
    public record Verdict(double distanceDeg, double radiusDeg, boolean inShadow) {
    }

    /** A J2000 position seen from Palomar at Julian date {@code jd} (UT), at geostationary distance. */
    public static Verdict ofPalomar(double raDeg, double decDeg, double jd) {
        return of(Precession.fromJ2000(raDeg, decDeg, jd), observerKm(PALOMAR_LATITUDE_DEG, PALOMAR_LONGITUDE_DEG,
                PALOMAR_HEIGHT_M, jd), SunPosition.at(jd).equatorialKm(), GEO_RADIUS_KM);
    }

    /**
     * The geometry itself, in one frame.
     *
     * @param target   unit vector from the observer towards the target
     * @param observer the observer's geocentric position, km
     * @param sun      the Sun's geocentric position, km
     * @param orbitKm  the radius of the sphere the target is taken to lie on, km from Earth's centre
     */
    public static Verdict of(double[] target, double[] observer, double[] sun, double orbitKm) {
        double ot = dot(observer, target);
        double oo = dot(observer, observer);
        double range = -ot + Math.sqrt(ot * ot - (oo - orbitKm * orbitKm));
        double[] p = {observer[0] + range * target[0], observer[1] + range * target[1], observer[2] + range * target[2]};
        double sunDistance = Math.sqrt(dot(sun, sun));
        double cos = -dot(p, sun) / (Math.sqrt(dot(p, p)) * sunDistance);
        double theta = Math.acos(Math.max(-1.0, Math.min(1.0, cos)));
        double k = (SUN_RADIUS_KM - EARTH_RADIUS_KM) / sunDistance;
        // R·sin θ + k·R·cos θ = R_E  ⇔  sin(θ + atan k) = R_E / (R·√(1 + k²))
        double radius = Math.asin(EARTH_RADIUS_KM / (orbitKm * Math.sqrt(1 + k * k))) - Math.atan(k);
        return new Verdict(Math.toDegrees(theta), Math.toDegrees(radius), theta < radius);
    }

    /** A site's geocentric position in the equatorial frame of date at {@code jd} (UT), km. */
    static double[] observerKm(double latitudeDeg, double eastLongitudeDeg, double heightM, double jd) {
        double phi = Math.toRadians(latitudeDeg);
        double c = 1.0 / Math.sqrt(Math.cos(phi) * Math.cos(phi) + (1 - WGS84_F) * (1 - WGS84_F) * Math.sin(phi) * Math.sin(phi));
        double s = (1 - WGS84_F) * (1 - WGS84_F) * c;
        double h = heightM / 1000.0;
        double lst = Math.toRadians(greenwichMeanSiderealTimeDeg(jd) + eastLongitudeDeg);
        double rho = (WGS84_A_KM * c + h) * Math.cos(phi);
        return new double[] {rho * Math.cos(lst), rho * Math.sin(lst), (WGS84_A_KM * s + h) * Math.sin(phi)};
    }

    /** Greenwich mean sidereal time at Julian date {@code jd} (UT), degrees in [0, 360) (IAU 1982, Meeus 12.4). */
    static double greenwichMeanSiderealTimeDeg(double jd) {
        double n = jd - SunPosition.J2000_JD;
        double t = n / 36525.0;
        double gmst = 280.46061837 + 360.98564736629 * n + 0.000387933 * t * t - t * t * t / 38710000.0;
        return ((gmst % 360.0) + 360.0) % 360.0;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
