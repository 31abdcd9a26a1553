package org.vasco.common.sky.healpix;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Every HEALPix pixel that a cone touches, however little: the pixel selection of a catalogue cone search.
 *
 * <p>Selecting the pixels whose <em>centres</em> lie in the cone, as the reference's successor did, loses the rows
 * of pixels that reach into the cone with their centre outside. At order 5 a pixel is ~1.8° across against a 0.76°
 * cone, so whole slices of a neighbourhood went missing, above Dec ±41.81° (the polar caps, where the pixels change
 * shape) most of all (issue 19). Here a pixel is taken when any point of it lies within the radius:
 * <ol>
 *   <li>candidates come from descending the nested hierarchy from the 12 base pixels, keeping a pixel while its
 *       centre is within {@code radius + bound(order)} of the cone centre, where {@code bound} exceeds the largest
 *       distance from a pixel's centre to any point of it (the descendants of a dropped pixel cannot touch the cone);
 *       a pixel lying wholly inside the cone contributes all its descendants at once;</li>
 *   <li>each remaining candidate is decided exactly: it touches the cone when it contains the cone centre or when
 *       one of its four edges comes within the radius. An edge's nearest approach is found by branch and bound on
 *       the edge (a segment is dropped only when the triangle inequality proves it stays outside; otherwise it is
 *       halved), so no touching pixel is lost to sampling.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class HealpixCone {

    /** Segments each pixel edge starts as, before branch and bound halves the ones that may touch. */
    private static final int EDGE_SEGMENTS = 8;
    /** Halvings of one edge segment before its lower bound decides; 2^-40 of a pixel edge is far below a µas. */
    private static final int MAX_HALVINGS = 40;
    /**
     * Arc length over chord of a pixel-edge segment is below this: the edges are smooth curves at most ~90° long, cut
     * into eighths before they are used. Used to turn a chord into a safe bound on the arc.
     */
    private static final double ARC_OVER_CHORD = 1.05;

    private HealpixCone() {
    }

    /**
     * The pixels of {@code grid} that share at least one point with the cone, in ascending order.
     *
     * @param radiusDeg cone radius, degrees (≥ 0; 180 or more is the whole sky)
     */
    public static long[] pixels(NestedHealpix grid, double raDeg, double decDeg, double radiusDeg) {
        if (!(radiusDeg >= 0) || !Double.isFinite(raDeg) || !(decDeg >= -90 && decDeg <= 90)) {
            throw new IllegalArgumentException("Not a cone: RA " + raDeg + ", Dec " + decDeg + ", radius " + radiusDeg + " deg");
        }
        if (radiusDeg >= 180.0) {
            long[] all = new long[(int) grid.pixelCount()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        double r = Math.toRadians(radiusDeg);
        double[] centre = vector(raDeg, decDeg);
        LongList out = new LongList();
        Deque<long[]> unvisited = new ArrayDeque<>();
        for (long face = 11; face >= 0; face--) {
            unvisited.push(new long[] {0, face});
        }
        while (!unvisited.isEmpty()) {
            long[] next = unvisited.pop();
            int order = (int) next[0];
            long pixel = next[1];
            NestedHealpix level = new NestedHealpix(order);
            double d = angle(centre, vector(level.centre(pixel)));
            double bound = centreToEdgeBound(order);
            if (d > r + bound) {
                continue;
            }
            int depth = grid.order() - order;
            if (d + bound <= r) {
                // wholly inside: all of its descendants at the target order
                long first = pixel << (2 * depth);
                long count = 1L << (2 * depth);
                for (long p = first; p < first + count; p++) {
                    out.add(p);
                }
            } else if (depth > 0) {
                for (long child = 4 * pixel + 3; child >= 4 * pixel; child--) {
                    unvisited.push(new long[] {order + 1, child});
                }
            } else if (d <= r || touches(grid, pixel, centre, raDeg, decDeg, r)) {
                out.add(pixel);
            }
        }
        long[] result = out.toArray();
        Arrays.sort(result);
        return result;
    }

    /**
     * An upper bound, radians, on the distance from a pixel's centre to any point of it at {@code order}: 1.5 times
     * healpix_base's {@code max_pixrad} (the largest centre-to-corner distance of the grid), so edges that bulge
     * beyond the corners are covered with room to spare. Only the number of candidates depends on it.
     */
    static double centreToEdgeBound(int order) {
        double nside = 1L << order;
        double[] a = vectorZPhi(2.0 / 3.0, Math.PI / (4 * nside));
        double t1 = 1.0 - 1.0 / nside;
        t1 *= t1;
        double[] b = vectorZPhi(1 - t1 / 3, 0);
        return 1.5 * angle(a, b) + 1e-12;
    }

    /** Whether some point of the pixel lies within r of the centre (the pixel does not contain it, or may). */
    private static boolean touches(NestedHealpix grid, long pixel, double[] centre, double raDeg, double decDeg, double r) {
        if (grid.pixel(raDeg, decDeg) == pixel) {
            return true;
        }
        for (int edge = 0; edge < 4; edge++) {
            double[] previous = edgeVector(grid, pixel, edge, 0.0);
            double dPrevious = angle(centre, previous);
            for (int s = 1; s <= EDGE_SEGMENTS; s++) {
                double t1 = (double) s / EDGE_SEGMENTS;
                double[] next = edgeVector(grid, pixel, edge, t1);
                double dNext = angle(centre, next);
                if (segmentTouches(grid, pixel, edge, centre, r, t1 - 1.0 / EDGE_SEGMENTS, t1, previous, next, dPrevious, dNext, 0)) {
                    return true;
                }
                previous = next;
                dPrevious = dNext;
            }
        }
        return false;
    }

    private static boolean segmentTouches(NestedHealpix grid, long pixel, int edge, double[] centre, double r, double t0,
                                          double t1, double[] p0, double[] p1, double d0, double d1, int halvings) {
        if (d0 <= r || d1 <= r) {
            return true;
        }
        // Every point q of the segment has d(q) >= d0 - s0 and >= d1 - s1 with s0 + s1 = arc length <= L.
        double arc = ARC_OVER_CHORD * angle(p0, p1);
        double lowerBound = (d0 + d1 - arc) / 2;
        if (lowerBound > r) {
            return false;
        }
        if (halvings >= MAX_HALVINGS) {
            return true;
        }
        double tm = (t0 + t1) / 2;
        double[] pm = edgeVector(grid, pixel, edge, tm);
        double dm = angle(centre, pm);
        return segmentTouches(grid, pixel, edge, centre, r, t0, tm, p0, pm, d0, dm, halvings + 1)
                || segmentTouches(grid, pixel, edge, centre, r, tm, t1, pm, p1, dm, d1, halvings + 1);
    }

    /** Edges in (u, v) pixel coordinates: v = 0, u = 1, v = 1, u = 0, each walked by t in [0, 1]. */
    private static double[] edgePoint(int edge, double t) {
        return switch (edge) {
            case 0 -> new double[] {t, 0};
            case 1 -> new double[] {1, t};
            case 2 -> new double[] {t, 1};
            default -> new double[] {0, t};
        };
    }

    private static double[] edgeVector(NestedHealpix grid, long pixel, int edge, double t) {
        double[] uv = edgePoint(edge, t);
        return vector(grid.point(pixel, uv[0], uv[1]));
    }

    private static double[] vector(double[] raDec) {
        return vector(raDec[0], raDec[1]);
    }

    private static double[] vector(double raDeg, double decDeg) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double c = Math.cos(dec);
        return new double[] {c * Math.cos(ra), c * Math.sin(ra), Math.sin(dec)};
    }

    private static double[] vectorZPhi(double z, double phi) {
        double s = Math.sqrt((1 - z) * (1 + z));
        return new double[] {s * Math.cos(phi), s * Math.sin(phi), z};
    }

    /** Angle between unit vectors, accurate at every size (atan2 of |a×b| and a·b). */
    private static double angle(double[] a, double[] b) {
        double cx = a[1] * b[2] - a[2] * b[1];
        double cy = a[2] * b[0] - a[0] * b[2];
        double cz = a[0] * b[1] - a[1] * b[0];
        return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), a[0] * b[0] + a[1] * b[1] + a[2] * b[2]);
    }

    /** A growable list of longs, to avoid boxing a few thousand pixel numbers. */
    private static final class LongList {
        private long[] values = new long[64];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
