package org.vasco.common.sky.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vasco.common.sky.SkyGeometry;

/** The index-based matcher against an O(n·m) brute force, on fields that straddle RA 0/360 and the poles. */
class SkyMatcherTest {

    record Pair(int row1, int row2, double sep) {
    }

    /** A field of random positions in a cap of the given radius about a centre, with clustered doubles. */
    private static double[][] field(Random random, double ra0, double dec0, double radiusDeg, int n) {
        double[] ra = new double[n];
        double[] dec = new double[n];
        org.vasco.common.sky.TanProjection tan = new org.vasco.common.sky.TanProjection(ra0, dec0);
        for (int i = 0; i < n; i++) {
            double[] p = tan.deproject((random.nextDouble() * 2 - 1) * radiusDeg, (random.nextDouble() * 2 - 1) * radiusDeg);
            ra[i] = p[0];
            dec[i] = p[1];
        }
        return new double[][] {ra, dec};
    }

    private static List<Pair> bruteAll(double[][] t1, double[][] t2, double radius) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < t1[0].length; i++) {
            for (int j = 0; j < t2[0].length; j++) {
                double sep = SkyGeometry.separationArcsec(t1[0][i], t1[1][i], t2[0][j], t2[1][j]);
                if (sep <= radius) {
                    pairs.add(new Pair(i, j, sep));
                }
            }
        }
        pairs.sort(Comparator.comparingInt(Pair::row1).thenComparingDouble(Pair::sep).thenComparingInt(Pair::row2));
        return pairs;
    }

    private static List<Pair> bruteBest1(List<Pair> all) {
        List<Pair> out = new ArrayList<>();
        int last = -1;
        for (Pair p : all) {
            if (p.row1() != last) {
                out.add(p);
                last = p.row1();
            }
        }
        return out;
    }

    private static List<Pair> bruteBest(List<Pair> all) {
        List<Pair> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingDouble(Pair::sep).thenComparingInt(Pair::row1).thenComparingInt(Pair::row2));
        java.util.Set<Integer> used1 = new java.util.HashSet<>();
        java.util.Set<Integer> used2 = new java.util.HashSet<>();
        List<Pair> out = new ArrayList<>();
        for (Pair p : sorted) {
            if (!used1.contains(p.row1()) && !used2.contains(p.row2())) {
                used1.add(p.row1());
                used2.add(p.row2());
                out.add(p);
            }
        }
        out.sort(Comparator.comparingInt(Pair::row1).thenComparingDouble(Pair::sep).thenComparingInt(Pair::row2));
        return out;
    }

    private static List<Pair> pairs(MatchPairs m) {
        List<Pair> out = new ArrayList<>();
        for (int k = 0; k < m.size(); k++) {
            out.add(new Pair(m.row1(k), m.row2(k), m.separationArcsec(k)));
        }
        return out;
    }

    private static void assertSame(List<Pair> actual, List<Pair> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            assertThat(actual.get(k).row1()).isEqualTo(expected.get(k).row1());
            assertThat(actual.get(k).row2()).isEqualTo(expected.get(k).row2());
            assertThat(actual.get(k).sep()).isCloseTo(expected.get(k).sep(), org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    private static void checkAllModes(double ra0, double dec0, double halfSizeDeg, double radiusArcsec, long seed) {
        Random random = new Random(seed);
        double[][] t1 = field(random, ra0, dec0, halfSizeDeg, 400);
        double[][] t2 = field(random, ra0, dec0, halfSizeDeg, 600);
        List<Pair> all = bruteAll(t1, t2, radiusArcsec);
        assertThat(all).as("the field is dense enough to have pairs").hasSizeGreaterThan(50);
        SkyIndex index = SkyIndex.build(t2[0], t2[1], radiusArcsec);
        assertSame(pairs(SkyMatcher.match(t1[0], t1[1], index, radiusArcsec, MatchMode.ALL)), all);
        assertSame(pairs(SkyMatcher.match(t1[0], t1[1], index, radiusArcsec, MatchMode.BEST1)), bruteBest1(all));
        assertSame(pairs(SkyMatcher.match(t1[0], t1[1], index, radiusArcsec, MatchMode.BEST)), bruteBest(all));
    }

    @Test
    void equalsBruteForceOnAnOrdinaryField() {
        checkAllModes(150.0, 20.0, 0.05, 20.0, 1);
    }

    @Test
    void equalsBruteForceAcrossRaZero() {
        checkAllModes(0.0, -10.0, 0.05, 20.0, 2);
        checkAllModes(359.99, 45.0, 0.05, 20.0, 3);
    }

    @Test
    void equalsBruteForceAroundBothPoles() {
        checkAllModes(123.0, 90.0, 0.05, 20.0, 4);
        checkAllModes(10.0, -89.97, 0.05, 20.0, 5);
        checkAllModes(300.0, 89.5, 0.05, 20.0, 6);
    }

    @Test
    void queryRadiusLargerThanZoneHeightStillFindsEverything() {
        Random random = new Random(7);
        double[][] t1 = field(random, 359.9, 60.0, 0.3, 100);
        double[][] t2 = field(random, 359.9, 60.0, 0.3, 400);
        SkyIndex index = SkyIndex.build(t2[0], t2[1], 1.0);
        assertSame(pairs(SkyMatcher.match(t1[0], t1[1], index, 120.0, MatchMode.ALL)), bruteAll(t1, t2, 120.0));
    }

    @Test
    void best1KeepsBothDetectionsNearOneStarWhereBestKeepsOne() {
        // the reference's bug #1: two detections near one star, find=best let the farther survive
        double[] ra1 = {10.0, 10.0 + 2.0 / 3600};
        double[] dec1 = {0.0, 0.0};
        double[] ra2 = {10.0 + 0.5 / 3600};
        double[] dec2 = {0.0};
        SkyIndex index = SkyIndex.build(ra2, dec2, 5);
        MatchPairs best1 = SkyMatcher.match(ra1, dec1, index, 5, MatchMode.BEST1);
        MatchPairs best = SkyMatcher.match(ra1, dec1, index, 5, MatchMode.BEST);
        assertThat(best1.size()).isEqualTo(2);
        assertThat(best.size()).isEqualTo(1);
        assertThat(best.row1(0)).isZero();
        assertThat(best.separationArcsec(0)).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void invalidPositionsAreNeverNeighboursAndTheRadiusIsInclusive() {
        double[] ra2 = {Double.NaN, 20.0, 20.0};
        double[] dec2 = {0.0, 100.0, 3.0 / 3600};
        SkyIndex index = SkyIndex.build(ra2, dec2, 5);
        assertThat(index.indexedRows()).isEqualTo(1);
        double exact = SkyGeometry.separationArcsec(20.0, 0.0, 20.0, 3.0 / 3600);
        assertThat(index.nearest(20.0, 0.0, exact)).isEqualTo(2);
        assertThat(index.nearest(20.0, 0.0, 2.9)).isEqualTo(-1);
        assertThat(index.anyWithin(Double.NaN, 0.0, 10)).isFalse();
    }

    @Test
    void wholeSkyIndexFindsTheSameNearestNeighbourAsAFullScan() {
        // uniform on the sphere, plus points crowded at both poles and on RA 0
        Random random = new Random(8);
        int n = 30_000;
        double[] ra = new double[n];
        double[] dec = new double[n];
        for (int i = 0; i < n; i++) {
            ra[i] = random.nextDouble() * 360;
            dec[i] = Math.toDegrees(Math.asin(random.nextDouble() * 2 - 1));
            if (i % 10 == 0) {
                dec[i] = (i % 20 == 0 ? 1 : -1) * (90 - random.nextDouble() * 0.5);
            } else if (i % 10 == 1) {
                ra[i] = (random.nextDouble() - 0.5) * 0.2;
            }
        }
        SkyIndex index = SkyIndex.build(ra, dec, 600);
        int found = 0;
        for (int q = 0; q < 150; q++) {
            double qra = q % 4 == 0 ? 359.99 + random.nextDouble() * 0.02 : random.nextDouble() * 360;
            double qdec = q % 5 == 0 ? (q % 10 == 0 ? 1 : -1) * (90 - random.nextDouble() * 0.3)
                    : Math.toDegrees(Math.asin(random.nextDouble() * 2 - 1));
            int expected = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double sep = SkyGeometry.separationArcsec(qra, qdec, ra[j], dec[j]);
                if (sep <= 3600 && sep < best) {
                    best = sep;
                    expected = j;
                }
            }
            assertThat(index.nearest(qra, qdec, 3600)).as("query %d at (%f, %f)", q, qra, qdec).isEqualTo(expected);
            found += expected >= 0 ? 1 : 0;
        }
        assertThat(found).as("queries with a neighbour").isGreaterThan(75);
    }
}
