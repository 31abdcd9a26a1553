package org.vasco.common.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Earth's shadow at geostationary distance, against cases worked by hand: the umbra's size (a cone, not the cylinder
 * of Earth's radius), the observer's parallax, the Sun's place and the sidereal time at J2000.0, and the whole chain
 * from a J2000 position seen from Palomar.
 */
class EarthShadowTest {

    static final double AU = SunPosition.AU_KM;
    static final double[] SUN_ON_X = {AU, 0, 0};
    static final double[] CENTRE = {0, 0, 0};

    private static double[] direction(double angleFromMinusXDeg) {
        double a = Math.toRadians(angleFromMinusXDeg);
        return new double[] {-Math.cos(a), Math.sin(a), 0};
    }

    @Test
    void theUmbraAtGeostationaryDistanceIsAConeNarrowerThanEarth() {
        // k = (696,000 − 6,371) / 149,597,870.7 = 0.0046099, atan k = 0.26413°;
        // asin(6,371 / (42,164 · √(1 + k²))) = 8.69094°; radius = 8.69094° − 0.26413° = 8.4268°.
        EarthShadow.Verdict axis = EarthShadow.of(direction(0), CENTRE, SUN_ON_X, EarthShadow.GEO_RADIUS_KM);
        assertThat(axis.distanceDeg()).isCloseTo(0.0, within(1e-9));
        assertThat(axis.radiusDeg()).isCloseTo(8.4268, within(0.0005));
        assertThat(axis.inShadow()).isTrue();
        assertThat(EarthShadow.of(direction(8.3), CENTRE, SUN_ON_X, EarthShadow.GEO_RADIUS_KM).inShadow()).isTrue();
        // inside the cylinder of Earth's radius (8.69°) but outside the cone: sunlit at the edge of the umbra
        assertThat(EarthShadow.of(direction(8.55), CENTRE, SUN_ON_X, EarthShadow.GEO_RADIUS_KM).inShadow()).isFalse();
        // toward the Sun: never in the shadow
        EarthShadow.Verdict day = EarthShadow.of(direction(180), CENTRE, SUN_ON_X, EarthShadow.GEO_RADIUS_KM);
        assertThat(day.distanceDeg()).isCloseTo(180.0, within(1e-9));
        assertThat(day.inShadow()).isFalse();
    }

    @Test
    void anObserverOffTheAxisSeesTheShadowShiftedByParallax() {
        // Observer 6,371 km off the axis (+y), looking along the axis (−x): the line meets the 42,164 km sphere at
        // (−√(42,164² − 6,371²), 6,371, 0) = (−41,679.9, 6,371, 0), whose angle from the axis is
        // atan(6,371 / 41,679.9) = 8.6909°: outside the umbra, though the direction is exactly antisolar.
        double[] observer = {0, EarthShadow.EARTH_RADIUS_KM, 0};
        EarthShadow.Verdict v = EarthShadow.of(direction(0), observer, SUN_ON_X, EarthShadow.GEO_RADIUS_KM);
        assertThat(v.distanceDeg()).isCloseTo(8.6909, within(0.0005));
        assertThat(v.inShadow()).isFalse();
        // Looking from there toward the point of the axis at 42,164 km, (−42,164, 0, 0): dead centre.
        double[] toAxis = {-EarthShadow.GEO_RADIUS_KM, -EarthShadow.EARTH_RADIUS_KM, 0};
        double norm = Math.hypot(toAxis[0], toAxis[1]);
        EarthShadow.Verdict centre = EarthShadow.of(new double[] {toAxis[0] / norm, toAxis[1] / norm, 0}, observer, SUN_ON_X,
                EarthShadow.GEO_RADIUS_KM);
        assertThat(centre.distanceDeg()).isCloseTo(0.0, within(1e-6));
        assertThat(centre.inShadow()).isTrue();
    }

    @Test
    void theSunAndTheSiderealTimeAtJ2000AreTheAlmanacs() {
        // The Astronomical Almanac for 2000, January 1 12h: the Sun at RA 18h 45m 09s (281.29°), Dec −23° 01.9′.
        SunPosition sun = SunPosition.at(SunPosition.J2000_JD);
        assertThat(sun.raDeg()).isCloseTo(281.29, within(0.02));
        assertThat(sun.decDeg()).isCloseTo(-23.032, within(0.02));
        assertThat(sun.distanceAu()).isCloseTo(0.98333, within(0.0002));
        // GMST at J2000.0 is 18h 41m 50.548s = 280.46062° by definition of the IAU 1982 expression.
        assertThat(EarthShadow.greenwichMeanSiderealTimeDeg(SunPosition.J2000_JD)).isCloseTo(280.46062, within(1e-5));
        // One sidereal day later, 360.9856° further: the same value modulo 360 after 0.99727 days.
        assertThat(EarthShadow.greenwichMeanSiderealTimeDeg(SunPosition.J2000_JD + 0.99726957))
                .isCloseTo(280.46062, within(1e-3));
    }

    @Test
    void precessionFromJ2000MovesThe1955EquinoxByTheGeneralPrecession() {
        // The J2000 equinox direction seen in the frame of 1955.0 (T = −0.45): ζ + z ≈ 2·2306.2″·(−0.45) = −0.5766°
        // in right ascension, θ ≈ 2004.3″·(−0.45) = −0.2505° in declination (Meeus 21.2, first-order).
        double jd1955 = SunPosition.J2000_JD - 0.45 * 36525;
        double[] v = Precession.fromJ2000(0.0, 0.0, jd1955);
        double ra = Math.toDegrees(Math.atan2(v[1], v[0]));
        double dec = Math.toDegrees(Math.asin(v[2]));
        assertThat(ra).isCloseTo(-0.5766, within(0.002));
        assertThat(dec).isCloseTo(-0.2505, within(0.002));
    }

    @Test
    void thePointOfTheAxisSeenFromPalomarIsInTheShadowAndTheAntisolarDirectionMayNotBe() {
        // 1955-06-21 08:00 UT, around local midnight at Palomar in midsummer.
        double jd = 2435279.8333;
        double[] sun = SunPosition.at(jd).equatorialKm();
        double[] observer = EarthShadow.observerKm(EarthShadow.PALOMAR_LATITUDE_DEG, EarthShadow.PALOMAR_LONGITUDE_DEG,
                EarthShadow.PALOMAR_HEIGHT_M, jd);
        double sunDistance = Math.sqrt(sun[0] * sun[0] + sun[1] * sun[1] + sun[2] * sun[2]);
        double[] axisPoint = new double[3];
        double[] look = new double[3];
        for (int i = 0; i < 3; i++) {
            axisPoint[i] = -sun[i] / sunDistance * EarthShadow.GEO_RADIUS_KM;
            look[i] = axisPoint[i] - observer[i];
        }
        double[] j2000 = toJ2000(look, jd);
        EarthShadow.Verdict seen = EarthShadow.ofPalomar(j2000[0], j2000[1], jd);
        assertThat(seen.distanceDeg()).isLessThan(0.02);
        assertThat(seen.inShadow()).isTrue();
        // The antisolar direction itself, as a geocentric catalogue would give it, lies several degrees from the
        // shadow's centre seen from Palomar (the parallax is ~6,000 km across ~42,000 km).
        double[] antisolar = toJ2000(new double[] {-sun[0], -sun[1], -sun[2]}, jd);
        assertThat(EarthShadow.ofPalomar(antisolar[0], antisolar[1], jd).distanceDeg()).isBetween(3.0, 8.7);
    }

    /** {ra, dec} in J2000 of a direction given in the frame of date (the inverse precession is the transpose). */
    private static double[] toJ2000(double[] ofDate, double jd) {
        double[][] m = Precession.matrix(jd);
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            v[i] = m[0][i] * ofDate[0] + m[1][i] * ofDate[1] + m[2][i] * ofDate[2];
        }
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {SkyGeometry.normaliseRa(Math.toDegrees(Math.atan2(v[1], v[0]))),
            Math.toDegrees(Math.asin(v[2] / norm))};
    }
}
