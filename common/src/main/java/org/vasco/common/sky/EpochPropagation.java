package org.vasco.common.sky;

/**
 * Moves catalogue positions from the catalogue epoch to another epoch with their proper motions
 * (SPEC §6.3): Gaia DR3 from 2016.0 and USNO-B1.0 from 2000.0 to the plate epoch.
 *
 * <p>The reference applies {@code Δdec = pmDE·dt/3.6e6} and {@code Δra = (pmRA·dt/3.6e6)/cos(dec)}
 * in coordinate space. That is the first-order expansion of moving the star along the sky, and it
 * breaks down near the poles (at Dec 89° a 66″ eastward motion already bends by 0.6″ and at
 * Dec ±90° it divides by zero). Here the displacement is applied on the sphere instead: the proper
 * motion times dt is an angular displacement in the plane tangent to the star's position, (east,
 * north) = (pmRA, pmDE)·dt, and the star is moved along the great circle in that direction by that
 * angle (3-D rotation of its unit vector). This differs from rectilinear space motion (ERFA
 * {@code starpm} without parallax) only at the third order, below a micro-arcsecond for POSS-I epoch
 * differences; from the reference's coordinate-space formula it differs at the second order
 * (≈0.1 mas at mid declinations for typical stars, 0.6″ at Dec 89° for 66″ of eastward motion),
 * and it has no singularity at the poles. pmRA is μα·cosδ in mas/yr, as both Gaia and USNO-B give it.
 *
 * <p>Rows without a finite pmRA and pmDE keep their catalogue position (the reference propagates
 * "only when pmRA and pmDE are finite"); rows whose position or result is not finite are dropped.
 * Stateless and thread-safe.
 */
public final class EpochPropagation {

    /** Milliarcseconds per degree. */
    public static final double MAS_PER_DEG = 3.6e6;

    private EpochPropagation() {
    }

    /**
     * The positions of a table propagated to another epoch.
     *
     * @param ra        propagated RA in [0, 360), one per kept row
     * @param dec       propagated Dec
     * @param sourceRow for each kept row, its index in the input arrays
     * @param moved     how many kept rows had proper motions and were moved
     */
    public record Propagated(double[] ra, double[] dec, int[] sourceRow, int moved) {

        public int size() {
            return ra.length;
        }

        /** Rows dropped because their position or propagated position was not finite. */
        public int dropped(int inputRows) {
            return inputRows - ra.length;
        }
    }

    /**
     * Propagates one position. pmRA is μα·cosδ.
     *
     * @param out receives {ra, dec} in degrees, RA in [0, 360)
     * @return false (and {@code out} untouched) when the input or the result is not finite
     */
    public static boolean propagate(double raDeg, double decDeg, double pmRaCosDecMasYr, double pmDecMasYr,
                                    double fromEpoch, double toEpoch, double[] out) {
        if (!Double.isFinite(raDeg) || !Double.isFinite(decDeg) || decDeg < -90 || decDeg > 90) {
            return false;
        }
        if (!Double.isFinite(pmRaCosDecMasYr) || !Double.isFinite(pmDecMasYr)) {
            out[0] = SkyGeometry.normaliseRa(raDeg);
            out[1] = decDeg;
            return true;
        }
        double dt = toEpoch - fromEpoch;
        if (!Double.isFinite(dt)) {
            return false;
        }
        double xi = Math.toRadians(pmRaCosDecMasYr * dt / MAS_PER_DEG);
        double eta = Math.toRadians(pmDecMasYr * dt / MAS_PER_DEG);
        double a = Math.toRadians(raDeg);
        double d = Math.toRadians(decDeg);
        double sinA = Math.sin(a);
        double cosA = Math.cos(a);
        double sinD = Math.sin(d);
        double cosD = Math.cos(d);
        // position p and local east e / north n unit vectors; the star moves along the great circle
        // leaving p in direction (xi·e + eta·n) by the angle |(xi, eta)|
        double theta = Math.hypot(xi, eta);
        double x = cosD * cosA;
        double y = cosD * sinA;
        double z = sinD;
        if (theta > 0) {
            double ue = xi / theta;
            double un = eta / theta;
            double ux = ue * -sinA + un * -sinD * cosA;
            double uy = ue * cosA + un * -sinD * sinA;
            double uz = un * cosD;
            double c = Math.cos(theta);
            double s = Math.sin(theta);
            x = x * c + ux * s;
            y = y * c + uy * s;
            z = z * c + uz * s;
        }
        double ra = Math.toDegrees(Math.atan2(y, x));
        double dec = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
        if (!Double.isFinite(ra) || !Double.isFinite(dec)) {
            return false;
        }
        out[0] = SkyGeometry.normaliseRa(ra);
        out[1] = dec;
        return true;
    }

    /**
     * Propagates a table of positions, dropping rows with non-finite results.
     *
     * @param pmRaCosDec μα·cosδ, mas/yr (NaN where unknown)
     * @param pmDec      μδ, mas/yr (NaN where unknown)
     * @throws IllegalArgumentException when the arrays differ in length or an epoch is not finite
     */
    public static Propagated propagate(double[] raDeg, double[] decDeg, double[] pmRaCosDec, double[] pmDec,
                                       double fromEpoch, double toEpoch) {
        int n = raDeg.length;
        if (decDeg.length != n || pmRaCosDec.length != n || pmDec.length != n) {
            throw new IllegalArgumentException("ra, dec, pmRA and pmDE arrays differ in length: " + n + ", "
                    + decDeg.length + ", " + pmRaCosDec.length + ", " + pmDec.length);
        }
        if (!Double.isFinite(fromEpoch) || !Double.isFinite(toEpoch)) {
            throw new IllegalArgumentException("epochs must be finite decimal years, found " + fromEpoch + " → " + toEpoch);
        }
        double[] ra = new double[n];
        double[] dec = new double[n];
        int[] source = new int[n];
        double[] out = new double[2];
        int kept = 0;
        int moved = 0;
        for (int i = 0; i < n; i++) {
            if (propagate(raDeg[i], decDeg[i], pmRaCosDec[i], pmDec[i], fromEpoch, toEpoch, out)) {
                ra[kept] = out[0];
                dec[kept] = out[1];
                source[kept] = i;
                kept++;
                if (Double.isFinite(pmRaCosDec[i]) && Double.isFinite(pmDec[i])) {
                    moved++;
                }
            }
        }
        return new Propagated(java.util.Arrays.copyOf(ra, kept), java.util.Arrays.copyOf(dec, kept),
                java.util.Arrays.copyOf(source, kept), moved);
    }
}
