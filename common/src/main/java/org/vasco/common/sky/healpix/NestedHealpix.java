package org.vasco.common.sky.healpix;

import org.vasco.common.sky.SkyGeometry;

/**
 * The HEALPix grid of one order (resolution) in the nested numbering: {@code nside = 2^order},
 * {@code 12·nside²} pixels of equal area, pixel {@code p} at order {@code k} containing pixels {@code 4p … 4p+3} at
 * order {@code k+1}. The catalogue mirrors of the reference are partitioned at order 5 (nside 32, 12,288 pixels
 * about 1.8° across); HATS catalogues use several orders at once.
 *
 * <p>{@link #pixel} follows the reference implementation of HEALPix ({@code healpix_base}: {@code loc2pix} and
 * {@code xyf2nest}) step for step, including where it switches formulas near the poles, so a position gets the same
 * pixel as in healpy, astropy-healpix and the Gaia/HATS tools. Within a base pixel (face) a point is addressed by
 * face coordinates {@code x, y} in [0, 1], x along the pixel index {@code ix}; {@link #point} maps them to the sky.
 *
 * @param order 0 … {@value #MAX_ORDER}
 */
public record NestedHealpix(int order) {

    /** The deepest order whose pixel numbers fit a {@code long} (the HATS {@code _healpix_29} index). */
    public static final int MAX_ORDER = 29;
    /** The z = sin(Dec) of the boundary between the equatorial belt and the polar caps: Dec ±41.8103°. */
    public static final double POLAR_CAP_Z = 2.0 / 3.0;

    private static final double INV_HALF_PI = 2.0 / Math.PI;
    /** Face row (jrll) and column (jpll) of each of the 12 base pixels, as in healpix_base. */
    private static final int[] FACE_ROW = {2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4};
    private static final int[] FACE_COLUMN = {1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7};

    public NestedHealpix {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("HEALPix order must be in [0, " + MAX_ORDER + "], found " + order);
        }
    }

    public long nside() {
        return 1L << order;
    }

    public long pixelCount() {
        return 12L * nside() * nside();
    }

    /** The pixel containing a sky position (RA any value, wrapped; Dec in [−90, 90]). */
    public long pixel(double raDeg, double decDeg) {
        if (!(decDeg >= -90.0 && decDeg <= 90.0) || !Double.isFinite(raDeg)) {
            throw new IllegalArgumentException("Not a sky position: RA " + raDeg + ", Dec " + decDeg);
        }
        // healpy converts (lon, lat) to (theta, phi) this way before calling healpix_base; so do we, so that
        // positions on a pixel boundary fall on the same side.
        double theta = Math.PI / 2 - Math.toRadians(decDeg);
        double z = Math.cos(theta);
        double sinTheta = Math.sin(theta);
        boolean nearPole = theta < 0.01 || theta > 3.14159 - 0.01;
        double za = Math.abs(z);
        double tt = modulo(Math.toRadians(raDeg) * INV_HALF_PI, 4.0);
        long nside = nside();
        int face;
        long ix;
        long iy;
        if (za <= POLAR_CAP_Z) {
            double temp1 = nside * (0.5 + tt);
            double temp2 = nside * (z * 0.75);
            long jp = (long) (temp1 - temp2); // index of the ascending edge line
            long jm = (long) (temp1 + temp2); // index of the descending edge line
            long ifp = jp >> order;
            long ifm = jm >> order;
            face = (int) (ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
            ix = jm & (nside - 1);
            iy = nside - (jp & (nside - 1)) - 1;
        } else {
            int ntt = Math.min(3, (int) tt);
            double tp = tt - ntt;
            double tmp = za < 0.99 || !nearPole ? nside * Math.sqrt(3 * (1 - za)) : nside * sinTheta / Math.sqrt((1.0 + za) / 3.0);
            long jp = Math.min((long) (tp * tmp), nside - 1);
            long jm = Math.min((long) ((1.0 - tp) * tmp), nside - 1);
            if (z >= 0) {
                face = ntt;
                ix = nside - jm - 1;
                iy = nside - jp - 1;
            } else {
                face = ntt + 8;
                ix = jp;
                iy = jm;
            }
        }
        return pixel(face, ix, iy);
    }

    /** The pixel number of face {@code face}, column {@code ix}, row {@code iy}. */
    public long pixel(int face, long ix, long iy) {
        return ((long) face << (2 * order)) + spread(ix) + (spread(iy) << 1);
    }

    /** The centre of a pixel, {@code {ra, dec}} in degrees. */
    public double[] centre(long pixel) {
        return point(pixel, 0.5, 0.5);
    }

    /**
     * A point of a pixel, {@code {ra, dec}} in degrees: {@code (u, v) = (0, 0)} is its corner at the lowest
     * {@code ix, iy}, {@code (0.5, 0.5)} its centre, and the edges are where u or v is 0 or 1.
     */
    public double[] point(long pixel, double u, double v) {
        checkPixel(pixel);
        int face = face(pixel);
        long local = pixel & (nside() * nside() - 1);
        double n = nside();
        return facePoint(face, (compact(local) + u) / n, (compact(local >>> 1) + v) / n);
    }

    /** The base pixel (0 … 11) a pixel lies in. */
    public int face(long pixel) {
        return (int) (pixel >>> (2 * order));
    }

    /** The pixel one order up (coarser) that contains this one. */
    public long parent(long pixel) {
        if (order == 0) {
            throw new IllegalArgumentException("order-0 pixels have no parent");
        }
        return pixel >>> 2;
    }

    /**
     * The sky position of face coordinates (healpix_base {@code xyf2loc}): {@code x, y} in [0, 1] across the face.
     */
    static double[] facePoint(int face, double x, double y) {
        double jr = FACE_ROW[face] - x - y;
        double nr;
        double z;
        double sinTheta = Double.NaN;
        if (jr < 1) {
            nr = jr;
            double tmp = nr * nr / 3.0;
            z = 1 - tmp;
            sinTheta = Math.sqrt(tmp * (2.0 - tmp));
        } else if (jr > 3) {
            nr = 4 - jr;
            double tmp = nr * nr / 3.0;
            z = tmp - 1;
            sinTheta = Math.sqrt(tmp * (2.0 - tmp));
        } else {
            nr = 1;
            z = (2 - jr) * 2.0 / 3.0;
            sinTheta = Math.sqrt((1 - z) * (1 + z));
        }
        double tmp = FACE_COLUMN[face] * nr + x - y;
        if (tmp < 0) {
            tmp += 8;
        }
        if (tmp >= 8) {
            tmp -= 8;
        }
        double phi = nr < 1e-15 ? 0 : (0.25 * Math.PI * tmp) / nr;
        return new double[] {SkyGeometry.normaliseRa(Math.toDegrees(phi)), Math.toDegrees(Math.atan2(z, sinTheta))};
    }

    private void checkPixel(long pixel) {
        if (pixel < 0 || pixel >= pixelCount()) {
            throw new IllegalArgumentException("pixel " + pixel + " is not in [0, " + pixelCount() + ") at order " + order);
        }
    }

    /** healpix_base's fmodulo: v mod m in [0, m), exact for v already in range. */
    private static double modulo(double v, double m) {
        if (v >= 0) {
            return v < m ? v : v % m;
        }
        double tmp = v % m + m;
        return tmp == m ? 0.0 : tmp;
    }

    /** Spreads the bits of v to the even bit positions (0b111 → 0b10101). */
    private static long spread(long v) {
        long x = v & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        return x;
    }

    /** Gathers the even bits of v (inverse of {@link #spread}). */
    private static long compact(long v) {
        long x = v & 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        return x;
    }
}
