package org.vasco.testkit.sky;

/**
 * A permanent object of the synthetic sky (star or galaxy) with its astrometry at Gaia's epoch.
 *
 * @param id            stable identifier, unique over the sky for one seed
 * @param kind          {@link TruthKind#STAR} or {@link TruthKind#GALAXY}
 * @param ra2016        RA at J2016.0, degrees
 * @param dec2016       Dec at J2016.0, degrees
 * @param pmRa          μα·cosδ, mas/yr
 * @param pmDec         μδ, mas/yr
 * @param parallax      mas
 * @param rMag          photographic red (POSS-I E ≈ R) magnitude
 * @param colour        B−R colour, magnitudes
 * @param halfLightPx   galaxies: half-light radius in plate pixels (0 for stars)
 * @param axisRatio     galaxies: b/a (1 for stars)
 * @param positionAngle galaxies: major-axis angle in the pixel frame, radians
 * @param errorSeed     seed of the catalogue measurement errors of this object
 */
record SkySource(String id, TruthKind kind, double ra2016, double dec2016, double pmRa, double pmDec, double parallax,
                 double rMag, double colour, double halfLightPx, double axisRatio, double positionAngle,
                 long errorSeed) {

    static final double GAIA_EPOCH = 2016.0;

    boolean isHighProperMotion() {
        return Math.hypot(pmRa, pmDec) > 100.0;
    }

    /**
     * Position at another epoch by the same linear propagation the pipeline applies (SPEC §6.3):
     * Δδ = μδ·Δt, Δα = μα*·Δt / cos δ.
     */
    double[] positionAt(double epoch) {
        return propagate(ra2016, dec2016, pmRa, pmDec, epoch - GAIA_EPOCH);
    }

    static double[] propagate(double ra, double dec, double pmRa, double pmDec, double dtYears) {
        double dDec = pmDec * dtYears / 3.6e6;
        double dRa = (pmRa * dtYears / 3.6e6) / Math.cos(Math.toRadians(dec));
        double ra2 = (ra + dRa) % 360.0;
        return new double[] {ra2 < 0 ? ra2 + 360.0 : ra2, dec + dDec};
    }
}
