package org.vasco.testkit.sky;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.sky.SkyGeometry;

/**
 * What each modern catalogue records of a synthetic sky object, formatted as its service returns it
 * (SPEC §6.3, §6.8): Gaia DR3 at J2016.0 with proper motions, PS1 DR2 at its mean epoch (≈ 2012, no
 * proper motions, Dec &gt; −30° only), USNO-B1.0 at J2000.0 with its coarse integer proper motions, and
 * the MAST list of PS1 stars with r ≤ 16. Each catalogue's depth, colour terms and measurement errors
 * come from the object's own random stream, so a row is the same in every cone that contains it.
 */
final class CatalogueRows {

    static final double PS1_EPOCH = 2012.0;
    static final double PS1_SOUTH_LIMIT = -30.0;
    static final double BRIGHT_STAR_LIMIT = 16.0;
    private static final double GAIA_LIMIT = 20.9;
    private static final double USNOB_LIMIT = 20.8;

    private CatalogueRows() {
    }

    /** The neighbourhood of a catalogue around a centre: the rows within the radius, nearest first. */
    static CatalogueNeighbourhood neighbourhood(Catalogue catalogue, List<SkySource> sources, double raDeg,
                                               double decDeg, double radiusArcmin) {
        List<Entry> entries = new ArrayList<>();
        for (SkySource s : sources) {
            Entry e = entry(catalogue, s, raDeg, decDeg);
            if (e != null && e.separationArcmin <= radiusArcmin) {
                entries.add(e);
            }
        }
        entries.sort(Comparator.comparingDouble(Entry::separationArcmin));
        List<String[]> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            rows.add(e.row);
        }
        return new CatalogueNeighbourhood(catalogue, raDeg, decDeg, radiusArcmin, rows);
    }

    /** PS1 r magnitude of an object (also what decides the bright-star list). */
    static double ps1R(SkySource s) {
        return s.rMag() + (s.kind() == TruthKind.GALAXY ? 0.1 : 0.15 + 0.05 * s.colour());
    }

    private record Entry(double separationArcmin, String[] row) {
    }

    private static Entry entry(Catalogue catalogue, SkySource s, double raDeg, double decDeg) {
        SplittableRandom rng = new SplittableRandom(SkySeeds.mix(s.errorSeed(), SkySeeds.CATALOGUE_ERRORS,
                catalogue.ordinal()));
        return switch (catalogue) {
            case GAIA -> gaia(s, rng, raDeg, decDeg);
            case PS1 -> ps1(s, rng, raDeg, decDeg);
            case USNOB -> usnob(s, rng, raDeg, decDeg);
            case PS1_BRIGHT -> ps1Bright(s, rng, raDeg, decDeg);
        };
    }

    private static Entry gaia(SkySource s, SplittableRandom rng, double raDeg, double decDeg) {
        double g = s.rMag() + 0.35 + 0.2 * (s.colour() - 1.0) + 0.02 * rng.nextGaussian();
        boolean compactGalaxy = s.kind() == TruthKind.GALAXY && s.halfLightPx() < 1.8 && s.rMag() < 19.0;
        if (s.kind() == TruthKind.GALAXY && !compactGalaxy || g > GAIA_LIMIT) {
            return null;
        }
        double bp = g + 0.25 + 0.35 * s.colour() + 0.03 * rng.nextGaussian();
        double rp = g - 0.45 - 0.25 * s.colour() + 0.03 * rng.nextGaussian();
        boolean noColours = g > 20.5 && rng.nextDouble() < 0.5;
        // Faint Gaia sources often have only a two-parameter solution: no parallax, no proper motion.
        boolean twoParameter = s.kind() == TruthKind.GALAXY || g > 20.4 && !s.isHighProperMotion();
        String[] row = {
            f(11, s.ra2016()), f(11, s.dec2016()), f(6, g),
            noColours ? "" : f(6, bp), noColours ? "" : f(6, rp),
            twoParameter ? "" : f(3, s.pmRa()), twoParameter ? "" : f(3, s.pmDec()),
            twoParameter ? "" : f(4, s.parallax() + 0.1 * rng.nextGaussian()),
            ""};
        return withSeparation(row, s.ra2016(), s.dec2016(), raDeg, decDeg);
    }

    private static Entry ps1(SkySource s, SplittableRandom rng, double raDeg, double decDeg) {
        double[] p = ps1Position(s, rng);
        if (p[1] <= PS1_SOUTH_LIMIT) {
            return null;
        }
        double r = ps1R(s) + 0.02 * rng.nextGaussian();
        double c = s.colour();
        double g = r + 0.6 * c - 0.1 + 0.03 * rng.nextGaussian();
        double i = r - 0.35 * c + 0.03 * rng.nextGaussian();
        double z = i - 0.15 * c + 0.03 * rng.nextGaussian();
        double y = z - 0.05 * c + 0.04 * rng.nextGaussian();
        int detections = 3 + (int) Math.round(Math.max(0, 70 - 3 * Math.max(0, r - 14)) * rng.nextDouble());
        String[] row = {
            Long.toString(ps1ObjectId(p[0], p[1])), f(9, p[0]), f(9, p[1]), Integer.toString(detections),
            mag(g, 23.3), mag(r, 23.2), mag(i, 23.1), mag(z, 22.3), mag(y, 21.4), ""};
        return withSeparation(row, p[0], p[1], raDeg, decDeg);
    }

    private static Entry ps1Bright(SkySource s, SplittableRandom rng, double raDeg, double decDeg) {
        // Same stream as the PS1 row, so the bright list agrees with the PS1 neighbourhood.
        SplittableRandom ps1 = new SplittableRandom(SkySeeds.mix(s.errorSeed(), SkySeeds.CATALOGUE_ERRORS,
                Catalogue.PS1.ordinal()));
        double[] p = ps1Position(s, ps1);
        double r = ps1R(s) + 0.02 * ps1.nextGaussian();
        if (p[1] <= PS1_SOUTH_LIMIT || r > BRIGHT_STAR_LIMIT) {
            return null;
        }
        String[] row = {f(8, p[0]), f(8, p[1]), f(6, r)};
        double separation = SkyGeometry.separationDeg(raDeg, decDeg, p[0], p[1]) * 60.0;
        return new Entry(separation, row);
    }

    private static Entry usnob(SkySource s, SplittableRandom rng, double raDeg, double decDeg) {
        if (s.rMag() > USNOB_LIMIT) {
            return null;
        }
        double[] p = SkySource.propagate(s.ra2016(), s.dec2016(), s.pmRa(), s.pmDec(), 2000.0 - SkySource.GAIA_EPOCH);
        double ra = p[0] + 0.2 / 3600.0 * rng.nextGaussian() / Math.cos(Math.toRadians(p[1]));
        double dec = p[1] + 0.2 / 3600.0 * rng.nextGaussian();
        double r1 = s.rMag() + 0.2 * rng.nextGaussian();
        double r2 = s.rMag() + 0.25 * rng.nextGaussian();
        double b1 = s.rMag() + s.colour() + 0.25 * rng.nextGaussian();
        double b2 = s.rMag() + s.colour() + 0.25 * rng.nextGaussian();
        double iMag = s.rMag() - 0.45 * s.colour() + 0.3 * rng.nextGaussian();
        long pmRa = Math.round(s.pmRa() + 4.0 * rng.nextGaussian());
        long pmDec = Math.round(s.pmDec() + 4.0 * rng.nextGaussian());
        String[] row = {
            f(6, SkyGeometry.normaliseRa(ra)), f(6, dec), mag2(r1, 21.0), mag2(r2, 21.0), mag2(b1, 21.5),
            mag2(b2, 21.5), mag2(iMag, 20.0), Long.toString(pmRa), Long.toString(pmDec), ""};
        return withSeparation(row, ra, dec, raDeg, decDeg);
    }

    private static double[] ps1Position(SkySource s, SplittableRandom rng) {
        double[] p = s.positionAt(PS1_EPOCH);
        double ra = p[0] + 0.015 / 3600.0 * rng.nextGaussian() / Math.cos(Math.toRadians(p[1]));
        double dec = p[1] + 0.015 / 3600.0 * rng.nextGaussian();
        return new double[] {SkyGeometry.normaliseRa(ra), dec};
    }

    /**
     * The PS1 objID, derived from the position as PS1 does: 0.5′ Dec zone, RA in µdeg and the
     * residual within the zone — an 18-digit integer beyond a double's precision.
     */
    static long ps1ObjectId(double raDeg, double decDeg) {
        double zoneHeight = 1.0 / 120.0;
        double zone = (decDeg + 90.0) / zoneHeight;
        long zoneId = (long) Math.floor(zone);
        long residual = (long) Math.floor((zone - zoneId) * 10000.0);
        return zoneId * 10_000_000_000_000L + (long) Math.floor(raDeg * 1e6) * 10_000L + residual;
    }

    /** Fills the last column, _r: distance from the cone centre in arcmin, as VizieR's -out.add=_r. */
    private static Entry withSeparation(String[] row, double ra, double dec, double raDeg, double decDeg) {
        double separation = SkyGeometry.separationDeg(raDeg, decDeg, ra, dec) * 60.0;
        row[row.length - 1] = f(4, separation);
        return new Entry(separation, row);
    }

    private static String mag(double value, double limit) {
        return value > limit ? "" : f(4, value);
    }

    private static String mag2(double value, double limit) {
        return value > limit ? "" : f(2, value);
    }

    private static String f(int decimals, double value) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
