package org.vasco.testkit.sky;

import java.util.SplittableRandom;

/**
 * Number counts of the synthetic sky. Stars follow N(&lt;m) ∝ 10^(0.3 m) — counts rise toward the faint
 * end — normalised at R = 20 to a density that grows toward the Galactic plane
 * (≈ 2,200 deg⁻² at the poles, ≈ 3,300 at |b| = 30°, ≈ 16,000 in the plane), roughly what POSS-I E
 * plates show. Galaxies are few (≈ 40 deg⁻² brighter than R = 19.8) and steeper in their counts.
 */
final class StarCounts {

    static final double BRIGHTEST_STAR = 5.0;
    /** Faintest star generated: below the plate limit (≈ 20.3), but still in the catalogues. */
    static final double FAINTEST_STAR = 21.0;
    static final double STAR_SLOPE = 0.3;
    static final double GALAXIES_PER_DEG2 = 40.0;
    static final double BRIGHTEST_GALAXY = 13.0;
    static final double FAINTEST_GALAXY = 19.8;
    static final double GALAXY_SLOPE = 0.45;

    /** North Galactic pole (J2000/ICRS), degrees. */
    private static final double NGP_RA = 192.85948;
    private static final double NGP_DEC = 27.12825;

    private StarCounts() {
    }

    /** Galactic latitude of an equatorial position, degrees. */
    static double galacticLatitude(double raDeg, double decDeg) {
        double d = Math.toRadians(decDeg);
        double dp = Math.toRadians(NGP_DEC);
        double s = Math.sin(d) * Math.sin(dp) + Math.cos(d) * Math.cos(dp) * Math.cos(Math.toRadians(raDeg - NGP_RA));
        return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, s))));
    }

    /** Stars per square degree brighter than {@link #FAINTEST_STAR} at Galactic latitude b. */
    static double starsPerDeg2(double galacticLatitudeDeg) {
        double n20 = 800.0 + 1500.0 / (Math.abs(Math.sin(Math.toRadians(galacticLatitudeDeg))) + 0.1);
        return n20 * Math.pow(10.0, STAR_SLOPE * (FAINTEST_STAR - 20.0));
    }

    /** A star magnitude drawn from N(&lt;m) ∝ 10^(0.3 m) on [BRIGHTEST_STAR, FAINTEST_STAR]. */
    static double drawStarMagnitude(SplittableRandom rng) {
        return draw(rng, STAR_SLOPE, BRIGHTEST_STAR, FAINTEST_STAR);
    }

    static double drawGalaxyMagnitude(SplittableRandom rng) {
        return draw(rng, GALAXY_SLOPE, BRIGHTEST_GALAXY, FAINTEST_GALAXY);
    }

    private static double draw(SplittableRandom rng, double slope, double bright, double faint) {
        double lo = Math.pow(10.0, slope * (bright - faint));
        double u = lo + (1.0 - lo) * rng.nextDouble();
        return faint + Math.log10(u) / slope;
    }

    /** Poisson deviate; the normal approximation above λ = 50 is ample for star counts. */
    static int poisson(SplittableRandom rng, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 50) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.nextGaussian()));
        }
        double limit = Math.exp(-lambda);
        double p = rng.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= rng.nextDouble();
            k++;
        }
        return k;
    }
}
