package org.vasco.testkit.sky;

import java.util.Locale;
import java.util.SplittableRandom;
import org.vasco.common.sky.TanProjection;

/**
 * Two position tables shaped like step 4's cross-match, for matcher benchmarks: table 1 is a tile's
 * detection list (uniform over a 1° × 1° field), table 2 a catalogue neighbourhood (uniform over the
 * 2° × 2° field around it, so a 5″ circle holds a few catalogue rows when the neighbourhood is dense).
 * A share of the detections are catalogue rows inside the tile seen again with 1″ Gaussian astrometric
 * error (those are the pairs a veto finds); the others fall anywhere in the tile. Positions are drawn in
 * the tangent plane of the field centre and de-projected, so a field may straddle RA 0/360 or contain
 * a pole. Same arguments, same tables, on every JVM.
 *
 * @param ra1  table 1 RA, degrees in [0, 360)
 * @param dec1 table 1 Dec, degrees
 * @param ra2  table 2 RA, degrees in [0, 360)
 * @param dec2 table 2 Dec, degrees
 */
public record MatchField(Centre centre, double[] ra1, double[] dec1, double[] ra2, double[] dec2) {

    /** Half-side of the tile (table 1), degrees. */
    public static final double TILE_HALF_SIDE_DEG = 0.5;
    /** Half-side of the neighbourhood (table 2), degrees. */
    public static final double NEIGHBOURHOOD_HALF_SIDE_DEG = 1.0;
    /** Share of the detections that are catalogue rows seen again. */
    public static final double MATCHED_SHARE = 0.7;
    /** Astrometric error of a re-seen catalogue row, per axis, arcsec. */
    public static final double ERROR_ARCSEC = 1.0;

    /** Where a field lies: a typical POSS-I tile, one across RA 0/360, and one around the north pole. */
    public enum Centre {
        TILE(150.0, 30.0),
        RA_WRAP(0.0, 10.0),
        POLE(0.0, 89.8);

        private final double ra;
        private final double dec;

        Centre(double ra, double dec) {
            this.ra = ra;
            this.dec = dec;
        }

        public double ra() {
            return ra;
        }

        public double dec() {
            return dec;
        }

        /** Parses tile, ra-wrap or pole. */
        public static Centre parse(String text) {
            for (Centre c : values()) {
                if (c.label().equalsIgnoreCase(text.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown field '" + text + "': expected tile, ra-wrap or pole");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Generates a field.
     *
     * @throws IllegalArgumentException when a row count is not positive
     */
    public static MatchField generate(Centre centre, int rows1, int rows2, long seed) {
        if (rows1 <= 0 || rows2 <= 0) {
            throw new IllegalArgumentException("row counts must be positive, found " + rows1 + " and " + rows2);
        }
        SplittableRandom random = new SplittableRandom(SkySeeds.mix(seed, SkySeeds.code(centre.name())));
        TanProjection tangent = new TanProjection(centre.ra(), centre.dec());
        double[] xi2 = new double[rows2];
        double[] eta2 = new double[rows2];
        double[] ra2 = new double[rows2];
        double[] dec2 = new double[rows2];
        for (int i = 0; i < rows2; i++) {
            xi2[i] = uniform(random, NEIGHBOURHOOD_HALF_SIDE_DEG);
            eta2[i] = uniform(random, NEIGHBOURHOOD_HALF_SIDE_DEG);
            double[] p = tangent.deproject(xi2[i], eta2[i]);
            ra2[i] = p[0];
            dec2[i] = p[1];
        }
        double[] ra1 = new double[rows1];
        double[] dec1 = new double[rows1];
        double errorDeg = ERROR_ARCSEC / 3600.0;
        for (int i = 0; i < rows1; i++) {
            double xi;
            double eta;
            if (random.nextDouble() < MATCHED_SHARE) {
                int row;
                do {
                    row = random.nextInt(rows2);
                } while (Math.abs(xi2[row]) > TILE_HALF_SIDE_DEG || Math.abs(eta2[row]) > TILE_HALF_SIDE_DEG);
                xi = xi2[row] + gaussian(random) * errorDeg;
                eta = eta2[row] + gaussian(random) * errorDeg;
            } else {
                xi = uniform(random, TILE_HALF_SIDE_DEG);
                eta = uniform(random, TILE_HALF_SIDE_DEG);
            }
            double[] p = tangent.deproject(xi, eta);
            ra1[i] = p[0];
            dec1[i] = p[1];
        }
        return new MatchField(centre, ra1, dec1, ra2, dec2);
    }

    private static double uniform(SplittableRandom random, double halfSide) {
        return (random.nextDouble() * 2 - 1) * halfSide;
    }

    /** Box–Muller; SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
