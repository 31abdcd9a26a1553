package org.vasco.testkit.sky;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vasco.common.sky.SkyGeometry;

/**
 * The permanent synthetic sky for one seed: stars and galaxies generated per fixed cell of the sphere
 * (Dec bands of 0.25°, each cut into RA cells of about 0.25°), each cell from its own random stream.
 * A cone query therefore returns the same objects whatever the centre it is asked around, which keeps
 * cut-outs, catalogue cones and bright-star lists of neighbouring tiles consistent.
 *
 * <p>Every cell also holds four high-proper-motion stars (100–1,000 mas/yr, R 12–19; ≈ 64 deg⁻²) — far more than the real sky
 * has — so that every test tile exercises epoch propagation.
 *
 * <p>Not thread-safe (it memoises cells); one instance per rendering.
 */
final class StarField {

    static final double CELL_DEG = 0.25;
    static final int HIGH_PROPER_MOTION_PER_CELL = 4;
    private static final int BANDS = (int) Math.round(180.0 / CELL_DEG);

    private final long seed;
    private final Map<Long, List<SkySource>> cells = new HashMap<>();

    StarField(long seed) {
        this.seed = seed;
    }

    /**
     * The sources whose J2016 position lies within {@code radiusDeg} of the centre, in a fixed order
     * (by cell, then by generation).
     */
    List<SkySource> cone(double raDeg, double decDeg, double radiusDeg) {
        List<SkySource> out = new ArrayList<>();
        int firstBand = band(decDeg - radiusDeg);
        int lastBand = band(decDeg + radiusDeg);
        for (int j = firstBand; j <= lastBand; j++) {
            int n = cellsInBand(j);
            double bandLo = -90.0 + j * CELL_DEG;
            double bandHi = bandLo + CELL_DEG;
            double maxAbsDec = Math.min(90.0, Math.max(Math.abs(Math.max(bandLo, decDeg - radiusDeg)),
                    Math.abs(Math.min(bandHi, decDeg + radiusDeg))));
            double halfWidth = raHalfWidth(radiusDeg, maxAbsDec);
            double width = 360.0 / n;
            int first;
            int count;
            if (halfWidth >= 180.0) {
                first = 0;
                count = n;
            } else {
                first = (int) Math.floor((raDeg - halfWidth) / width) - 1;
                int last = (int) Math.floor((raDeg + halfWidth) / width) + 1;
                count = Math.min(n, last - first + 1);
            }
            for (int k = 0; k < count; k++) {
                int i = Math.floorMod(first + k, n);
                for (SkySource s : cell(j, i)) {
                    if (SkyGeometry.separationDeg(raDeg, decDeg, s.ra2016(), s.dec2016()) <= radiusDeg) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    private static double raHalfWidth(double radiusDeg, double maxAbsDec) {
        double sinR = Math.sin(Math.toRadians(radiusDeg));
        double cosD = Math.cos(Math.toRadians(maxAbsDec));
        if (maxAbsDec >= 89.0 || sinR >= cosD) {
            return 180.0;
        }
        return Math.toDegrees(Math.asin(sinR / cosD));
    }

    private static int band(double decDeg) {
        return Math.max(0, Math.min(BANDS - 1, (int) Math.floor((decDeg + 90.0) / CELL_DEG)));
    }

    private static int cellsInBand(int j) {
        double mid = -90.0 + (j + 0.5) * CELL_DEG;
        return Math.max(1, (int) Math.floor(360.0 * Math.cos(Math.toRadians(mid)) / CELL_DEG));
    }

    private List<SkySource> cell(int j, int i) {
        return cells.computeIfAbsent((long) j << 32 | i, key -> generate(j, i));
    }

    private List<SkySource> generate(int j, int i) {
        int n = cellsInBand(j);
        double raLo = i * 360.0 / n;
        double raHi = (i + 1) * 360.0 / n;
        double decLo = -90.0 + j * CELL_DEG;
        double decHi = decLo + CELL_DEG;
        double sinLo = Math.sin(Math.toRadians(decLo));
        double sinHi = Math.sin(Math.toRadians(decHi));
        double areaDeg2 = (raHi - raLo) * (sinHi - sinLo) * 180.0 / Math.PI;
        double b = StarCounts.galacticLatitude((raLo + raHi) / 2, (decLo + decHi) / 2);

        List<SkySource> out = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(SkySeeds.mix(seed, SkySeeds.STARS, j, i));
        int stars = StarCounts.poisson(rng, StarCounts.starsPerDeg2(b) * areaDeg2);
        for (int k = 0; k < stars; k++) {
            out.add(star(rng, "S" + j + "." + i + "." + k, raLo, raHi, sinLo, sinHi, k < HIGH_PROPER_MOTION_PER_CELL));
        }
        SplittableRandom grng = new SplittableRandom(SkySeeds.mix(seed, SkySeeds.GALAXIES, j, i));
        int galaxies = StarCounts.poisson(grng, StarCounts.GALAXIES_PER_DEG2 * areaDeg2);
        for (int k = 0; k < galaxies; k++) {
            out.add(galaxy(grng, "G" + j + "." + i + "." + k, raLo, raHi, sinLo, sinHi));
        }
        return out;
    }

    private static SkySource star(SplittableRandom rng, String id, double raLo, double raHi, double sinLo, double sinHi,
                                  boolean highProperMotion) {
        double ra = raLo + (raHi - raLo) * rng.nextDouble();
        double dec = Math.toDegrees(Math.asin(sinLo + (sinHi - sinLo) * rng.nextDouble()));
        // Fast movers are nearby dwarfs: bright enough for every catalogue.
        double mag = highProperMotion ? 12.0 + 7.0 * rng.nextDouble() : StarCounts.drawStarMagnitude(rng);
        double colour = 0.4 + 1.6 * Math.pow(rng.nextDouble(), 1.5);
        double pmRa;
        double pmDec;
        if (highProperMotion) {
            // Nearby dwarfs: 100 mas/yr plus an exponential tail, capped at 1"/yr.
            double total = Math.min(1000.0, 100.0 + 150.0 * -Math.log(1.0 - rng.nextDouble()));
            double angle = 2 * Math.PI * rng.nextDouble();
            pmRa = total * Math.sin(angle);
            pmDec = total * Math.cos(angle);
        } else {
            // Brighter stars are nearer on average, hence move faster.
            double sigma = Math.min(25.0, 3.0 + 15.0 * Math.pow(10.0, -0.2 * (mag - 10.0)));
            pmRa = Math.max(-60, Math.min(60, sigma * rng.nextGaussian()));
            pmDec = Math.max(-60, Math.min(60, sigma * rng.nextGaussian()));
        }
        double tangentialVelocity = 20.0 + 60.0 * rng.nextDouble();
        double parallax = Math.max(0.02, 4.74 * Math.hypot(pmRa, pmDec) / tangentialVelocity);
        return new SkySource(id, TruthKind.STAR, ra, dec, pmRa, pmDec, parallax, mag, colour, 0, 1, 0, rng.nextLong());
    }

    private static SkySource galaxy(SplittableRandom rng, String id, double raLo, double raHi, double sinLo,
                                    double sinHi) {
        double ra = raLo + (raHi - raLo) * rng.nextDouble();
        double dec = Math.toDegrees(Math.asin(sinLo + (sinHi - sinLo) * rng.nextDouble()));
        double mag = StarCounts.drawGalaxyMagnitude(rng);
        double halfLight = (1.2 + 2.5 * rng.nextDouble()) * Math.pow(10.0, -0.1 * (mag - 17.0));
        double axisRatio = 0.35 + 0.65 * rng.nextDouble();
        double angle = Math.PI * rng.nextDouble();
        double colour = 1.2 + 0.6 * rng.nextDouble();
        return new SkySource(id, TruthKind.GALAXY, ra, dec, 0, 0, 0, mag, colour, halfLight, axisRatio, angle,
                rng.nextLong());
    }
}
