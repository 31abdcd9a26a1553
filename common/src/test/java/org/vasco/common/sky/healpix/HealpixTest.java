package org.vasco.common.sky.healpix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.sky.SkyGeometry;

/**
 * The nested HEALPix grid against values computed by healpy 1.16.1 (the official HEALPix C++ library underneath;
 * {@code healpix/healpy-reference.csv}, made by the script beside it), and the inclusive cone against brute force
 * where pixel selection goes wrong: at the poles, across RA 0/360, on pixel edges and corners, and above |Dec| 41.8°.
 */
class HealpixTest {

    private static final List<String[]> REFERENCE = new ArrayList<>();

    @BeforeAll
    static void readReference() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                HealpixTest.class.getResourceAsStream("/healpix/healpy-reference.csv")), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("#")) {
                    REFERENCE.add(line.split(",", -1));
                }
            }
        }
    }

    @Test
    void pixelOfAPositionIsHealpysAtEveryOrder() {
        int checked = 0;
        for (String[] row : rows("A")) {
            NestedHealpix grid = new NestedHealpix(Integer.parseInt(row[1]));
            double ra = Double.parseDouble(row[2]);
            double dec = Double.parseDouble(row[3]);
            assertThat(grid.pixel(ra, dec)).as("order %s pixel of (%s, %s)", row[1], row[2], row[3])
                    .isEqualTo(Long.parseLong(row[4]));
            checked++;
        }
        assertThat(checked).isGreaterThan(1500);
    }

    @Test
    void pixelCentresAreHealpys() {
        for (String[] row : rows("C")) {
            NestedHealpix grid = new NestedHealpix(Integer.parseInt(row[1]));
            double[] centre = grid.centre(Long.parseLong(row[2]));
            assertThat(SkyGeometry.separationArcsec(centre[0], centre[1], Double.parseDouble(row[3]), Double.parseDouble(row[4])))
                    .as("centre of order %s pixel %s", row[1], row[2]).isLessThan(1e-6);
        }
    }

    @Test
    void pointsOfAPixelMapBackToIt() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int order : new int[] {0, 2, 5, 9, 13, 20, 29}) {
            NestedHealpix grid = new NestedHealpix(order);
            for (int i = 0; i < 400; i++) {
                long pixel = rng.nextLong(grid.pixelCount());
                double[] p = grid.point(pixel, 0.02 + 0.96 * rng.nextDouble(), 0.02 + 0.96 * rng.nextDouble());
                assertThat(grid.pixel(p[0], p[1])).as("order %d pixel %d", order, pixel).isEqualTo(pixel);
                if (order > 0) {
                    assertThat(new NestedHealpix(order - 1).pixel(p[0], p[1])).isEqualTo(grid.parent(pixel));
                }
            }
        }
    }

    @Test
    void theCandidateBoundCoversEveryPointOfEveryPixel() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int order = 0; order <= 8; order++) {
            NestedHealpix grid = new NestedHealpix(order);
            double bound = Math.toDegrees(HealpixCone.centreToEdgeBound(order));
            long[] pixels = order <= 1 ? range(grid.pixelCount()) : rng.longs(300, 0, grid.pixelCount()).toArray();
            for (long pixel : pixels) {
                double[] c = grid.centre(pixel);
                for (double[] p : boundary(grid, pixel, 64)) {
                    assertThat(SkyGeometry.separationDeg(c[0], c[1], p[0], p[1])).isLessThan(bound);
                }
            }
        }
    }

    @Test
    void aConeHoldsEveryPixelWhoseCentreItHoldsAndNoPixelThatDoesNotReachIt() {
        int cones = 0;
        for (String[] row : rows("D")) {
            if (!row[5].equals("centres")) {
                continue;
            }
            String[] superset = REFERENCE.get(REFERENCE.indexOf(row) + 1);
            NestedHealpix grid = new NestedHealpix(Integer.parseInt(row[1]));
            long[] ours = HealpixCone.pixels(grid, Double.parseDouble(row[2]), Double.parseDouble(row[3]), Double.parseDouble(row[4]));
            assertThat(set(ours)).as("cone %s: healpy's centre selection", Arrays.toString(row)).containsAll(set(parse(row[6])));
            assertThat(set(parse(superset[6]))).as("cone %s: healpy's inclusive selection (fact 128, a superset)",
                    Arrays.toString(row)).containsAll(set(ours));
            cones++;
        }
        assertThat(cones).isGreaterThan(100);
    }

    @Test
    void bruteForceAgreesAtPolesRaWrapEdgesAndInThePolarCaps() {
        NestedHealpix order5 = new NestedHealpix(5);
        double[] corner = order5.point(3000, 0, 0);
        double[] edge = order5.point(3000, 0.5, 0);
        double[] capEdge = order5.point(1234, 0.5, 1);
        double[][] cones = {
            {0, 90, 0.757}, {123, -90, 0.757}, {0, 89.4, 0.757}, {200, -89.2, 0.75},
            {0, 10, 0.757}, {359.999, -20, 0.757}, {0.0001, 42.5, 0.757},
            {corner[0], corner[1], 0.757}, {edge[0], edge[1], 0.2}, {capEdge[0], capEdge[1], 0.757},
            {67.5, 41.8103, 0.757}, {12.3, 41.9, 0.757}, {250, -41.9, 0.757}, {2.001, 82.807, 0.757}, {300, 60, 0.757},
            {45, 75, 2.5}, {130.013, 33.081, 0.757}};
        for (int order : new int[] {3, 5}) {
            NestedHealpix grid = new NestedHealpix(order);
            for (double[] cone : cones) {
                TreeSet<Long> ours = set(HealpixCone.pixels(grid, cone[0], cone[1], cone[2]));
                TreeSet<Long> touched = pixelsOfPointsIn(grid, cone[0], cone[1], cone[2]);
                assertThat(ours).as("order %d cone %s: every pixel a point of the cone lies in", order, Arrays.toString(cone))
                        .containsAll(touched);
                double sampleStep = 1.8 * 32 / (1 << order) / 256.0 * 2;
                for (long pixel : ours) {
                    assertThat(nearestApproachDeg(grid, pixel, cone[0], cone[1]))
                            .as("order %d cone %s: pixel %d reaches into the cone", order, Arrays.toString(cone), pixel)
                            .isLessThanOrEqualTo(cone[2] + sampleStep);
                }
            }
        }
    }

    @Test
    void centreSelectionLosesPixelsThatReachIntoAPolarCapCone() {
        // The reference's successor selected pixel centres; this tile's Gaia cone shows what that lost.
        NestedHealpix grid = new NestedHealpix(5);
        double ra = 2.001;
        double dec = 82.807;
        double radius = 45.43 / 60;
        TreeSet<Long> centres = new TreeSet<>();
        for (long p = 0; p < grid.pixelCount(); p++) {
            double[] c = grid.centre(p);
            if (SkyGeometry.separationDeg(ra, dec, c[0], c[1]) <= radius) {
                centres.add(p);
            }
        }
        TreeSet<Long> ours = set(HealpixCone.pixels(grid, ra, dec, radius));
        TreeSet<Long> touched = pixelsOfPointsIn(grid, ra, dec, radius);
        assertThat(touched.size()).as("pixels with points in the cone").isGreaterThan(centres.size());
        assertThat(ours).containsAll(touched).containsAll(centres);
    }

    @Test
    void theWholeSkyAndTinyCones() {
        NestedHealpix grid = new NestedHealpix(2);
        assertThat(HealpixCone.pixels(grid, 10, 10, 180)).hasSize(192);
        assertThat(HealpixCone.pixels(grid, 10, 10, 0)).containsExactly(grid.pixel(10, 10));
        long[] wide = HealpixCone.pixels(new NestedHealpix(0), 0, 0, 100);
        assertThat(wide.length).isBetween(10, 12);
    }

    /** The pixels of a dense set of points inside the cone: rings out to the rim, and the rim itself. */
    private static TreeSet<Long> pixelsOfPointsIn(NestedHealpix grid, double ra, double dec, double radiusDeg) {
        TreeSet<Long> pixels = new TreeSet<>();
        pixels.add(grid.pixel(ra, dec));
        int rings = 60;
        for (int k = 1; k <= rings; k++) {
            double rho = radiusDeg * k / rings;
            int steps = k == rings ? 7200 : Math.max(16, (int) (1200.0 * k / rings));
            for (int s = 0; s < steps; s++) {
                double[] p = offset(ra, dec, rho, 2 * Math.PI * s / steps);
                pixels.add(grid.pixel(p[0], p[1]));
            }
        }
        return pixels;
    }

    /** The point at distance rho (deg) from (ra, dec) in position angle pa (radians), along a great circle. */
    private static double[] offset(double ra, double dec, double rho, double pa) {
        double r = Math.toRadians(rho);
        double d = Math.toRadians(dec);
        double sinDec = Math.sin(d) * Math.cos(r) + Math.cos(d) * Math.sin(r) * Math.cos(pa);
        double dec2 = Math.asin(Math.max(-1, Math.min(1, sinDec)));
        double ra2 = Math.toRadians(ra) + Math.atan2(Math.sin(pa) * Math.sin(r) * Math.cos(d), Math.cos(r) - Math.sin(d) * sinDec);
        return new double[] {SkyGeometry.normaliseRa(Math.toDegrees(ra2)), Math.toDegrees(dec2)};
    }

    private static double nearestApproachDeg(NestedHealpix grid, long pixel, double ra, double dec) {
        if (grid.pixel(ra, dec) == pixel) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (double[] p : boundary(grid, pixel, 256)) {
            best = Math.min(best, SkyGeometry.separationDeg(ra, dec, p[0], p[1]));
        }
        return best;
    }

    private static List<double[]> boundary(NestedHealpix grid, long pixel, int perEdge) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i <= perEdge; i++) {
            double t = (double) i / perEdge;
            points.add(grid.point(pixel, t, 0));
            points.add(grid.point(pixel, t, 1));
            points.add(grid.point(pixel, 0, t));
            points.add(grid.point(pixel, 1, t));
        }
        return points;
    }

    private static List<String[]> rows(String kind) {
        return REFERENCE.stream().filter(r -> r[0].equals(kind)).toList();
    }

    private static long[] parse(String pixels) {
        return pixels.isBlank() ? new long[0] : Arrays.stream(pixels.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }

    private static long[] range(long n) {
        long[] all = new long[(int) n];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private static TreeSet<Long> set(long[] values) {
        TreeSet<Long> set = new TreeSet<>();
        for (long v : values) {
            set.add(v);
        }
        return set;
    }
}
