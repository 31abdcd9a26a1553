package org.vasco.common.sky;

import java.util.ArrayList;
import java.util.List;

/**
 * The GSSS plate solution of the Digitized Sky Survey headers: a 20-term polynomial from plate
 * millimetres to standard coordinates (AMDX/AMDY, arcseconds) followed by the gnomonic projection
 * about the plate centre (PLTRA…/PLTDEC…). This is the model of WCSTools' {@code dsspos.c} and of
 * the DSS documentation; SExtractor ignores it, so headers that carry only this solution
 * (full-plate scans, older cut-outs) need it to place detections on the sky.
 *
 * <p>Pixel → plate: the scan's pixel grid is offset by CNPIX1/2 (the cut-out's origin on the scan)
 * and the plate model counts pixels from the outer edge of the first scanned pixel, so the FITS
 * 1-based pixel {@code x} is at plate pixel {@code x + CNPIX1 - 0.5}; it is then converted to
 * millimetres from the plate centre with the scan's pixel size (XPIXELSZ/YPIXELSZ, microns) and
 * the centre offsets PPO3/PPO6 (microns), x growing toward east. The half pixel is verified against
 * an independent decoder: with it the positions agree to about a milliarcsecond, without it they
 * are 1.2″ off.
 *
 * <p>Terms 14–20 depend on the star's magnitude and colour; a plate position has neither, so they
 * are evaluated at magnitude 0 and colour 0, i.e. left out (they are 0 in the POSS-I headers).
 * Sky → pixel inverts the polynomial by Newton iteration. Immutable and thread-safe.
 */
final class DssPlatePolynomial implements PlateSolution {

    private static final int POSITION_TERMS = 13;
    private static final int MAX_NEWTON_STEPS = 50;
    /** 1e-10 mm is 4e-9 of a 25 µm pixel: far below the 0.01-pixel round-trip requirement. */
    private static final double NEWTON_TOLERANCE_MM = 1e-10;

    static final List<String> REQUIRED = required();

    private final double cnpix1;
    private final double cnpix2;
    private final double xPixelSizeMicron;
    private final double yPixelSizeMicron;
    private final double ppo3;
    private final double ppo6;
    private final double[] amdx;
    private final double[] amdy;
    private final TanProjection projection;

    private DssPlatePolynomial(HeaderValues header) {
        this.cnpix1 = header.requireNumber("CNPIX1");
        this.cnpix2 = header.requireNumber("CNPIX2");
        this.xPixelSizeMicron = positive(header, "XPIXELSZ");
        this.yPixelSizeMicron = positive(header, "YPIXELSZ");
        this.ppo3 = header.requireNumber("PPO3");
        this.ppo6 = header.requireNumber("PPO6");
        this.amdx = new double[POSITION_TERMS];
        this.amdy = new double[POSITION_TERMS];
        for (int i = 0; i < POSITION_TERMS; i++) {
            amdx[i] = header.requireNumber("AMDX" + (i + 1));
            amdy[i] = header.requireNumber("AMDY" + (i + 1));
        }
        for (int i = POSITION_TERMS + 1; i <= 20; i++) {
            header.number("AMDX" + i); // present magnitude/colour terms must at least be finite numbers
            header.number("AMDY" + i);
        }
        if (amdx[0] * amdy[0] - amdx[1] * amdy[1] == 0.0) {
            throw new AstrometryHeaderException(header.source()
                    + ": the linear terms AMDX1/AMDX2/AMDY1/AMDY2 are degenerate; the plate polynomial cannot be inverted");
        }
        this.projection = new TanProjection(plateCentreRa(header), plateCentreDec(header));
    }

    private static List<String> required() {
        List<String> keys = new ArrayList<>(List.of("PLTRAH", "PLTRAM", "PLTRAS", "PLTDECSN", "PLTDECD", "PLTDECM",
                "PLTDECS", "CNPIX1", "CNPIX2", "XPIXELSZ", "YPIXELSZ", "PPO3", "PPO6"));
        for (int i = 1; i <= POSITION_TERMS; i++) {
            keys.add("AMDX" + i);
        }
        for (int i = 1; i <= POSITION_TERMS; i++) {
            keys.add("AMDY" + i);
        }
        return List.copyOf(keys);
    }

    /** The keywords this header lacks for a DSS plate solution; empty when it has one. */
    static List<String> missingKeys(HeaderValues header) {
        return REQUIRED.stream().filter(key -> !header.has(key)).toList();
    }

    /**
     * Reads the solution.
     *
     * @throws AstrometryHeaderException when keywords are missing, not finite, or out of range
     */
    static DssPlatePolynomial from(HeaderValues header) {
        List<String> missing = missingKeys(header);
        if (!missing.isEmpty()) {
            throw new AstrometryHeaderException(header.source() + " has no DSS plate solution: missing " + missing,
                    missing);
        }
        return new DssPlatePolynomial(header);
    }

    private static double positive(HeaderValues header, String key) {
        double value = header.requireNumber(key);
        if (value <= 0) {
            throw new AstrometryHeaderException(header.source() + ": " + key + " = " + value + " must be positive");
        }
        return value;
    }

    /**
     * One field of the sexagesimal plate centre. The upper bound is inclusive because the real
     * headers round seconds up to 60.0 (XE081 has PLTDECS = 60.0); the sum is still right.
     */
    private static double sexagesimalField(HeaderValues header, String key, double limit) {
        double value = header.requireNumber(key);
        if (value < 0 || value > limit) {
            throw new AstrometryHeaderException(header.source() + ": " + key + " = " + value
                    + " is outside [0, " + limit + "]");
        }
        return value;
    }

    private static double plateCentreRa(HeaderValues header) {
        double hours = sexagesimalField(header, "PLTRAH", 24) + sexagesimalField(header, "PLTRAM", 60) / 60.0
                + sexagesimalField(header, "PLTRAS", 60) / 3600.0;
        return 15.0 * hours;
    }

    private static double plateCentreDec(HeaderValues header) {
        String sign = header.text("PLTDECSN").orElseThrow();
        if (!sign.equals("+") && !sign.equals("-")) {
            throw new AstrometryHeaderException(header.source() + ": PLTDECSN = '" + sign + "' must be '+' or '-'");
        }
        double degrees = sexagesimalField(header, "PLTDECD", 90) + sexagesimalField(header, "PLTDECM", 60) / 60.0
                + sexagesimalField(header, "PLTDECS", 60) / 3600.0;
        if (degrees > 90.0) {
            throw new AstrometryHeaderException(header.source() + ": PLTDECD/PLTDECM/PLTDECS give a declination of "
                    + degrees + "°");
        }
        return sign.equals("-") ? -degrees : degrees;
    }

    /** The plate centre, where the standard coordinates are zero. */
    SkyPosition plateCentre() {
        return new SkyPosition(projection.ra0(), projection.dec0());
    }

    private double xMm(double x) {
        return (ppo3 - (x + cnpix1 - 0.5) * xPixelSizeMicron) / 1000.0;
    }

    private double yMm(double y) {
        return ((y + cnpix2 - 0.5) * yPixelSizeMicron - ppo6) / 1000.0;
    }

    @Override
    public SkyPosition pixelToSky(double x, double y) {
        double[] standard = standardArcsec(xMm(x), yMm(y));
        double[] radec = projection.deproject(standard[0] / SkyGeometry.ARCSEC_PER_DEG,
                standard[1] / SkyGeometry.ARCSEC_PER_DEG);
        return new SkyPosition(radec[0], radec[1]);
    }

    @Override
    public PixelPosition skyToPixel(double raDeg, double decDeg) {
        double[] target = projection.project(raDeg, decDeg);
        double xi = target[0] * SkyGeometry.ARCSEC_PER_DEG;
        double eta = target[1] * SkyGeometry.ARCSEC_PER_DEG;
        // Start from the linear part of the model; the cubic and quintic terms are small corrections.
        double[] mm = solveLinear(amdx[0], amdx[1], amdy[1], amdy[0], xi - amdx[2], eta - amdy[2]);
        for (int step = 0; step < MAX_NEWTON_STEPS; step++) {
            double[] standard = standardArcsec(mm[0], mm[1]);
            double[] j = jacobian(mm[0], mm[1]);
            double[] delta = solveLinear(j[0], j[1], j[2], j[3], xi - standard[0], eta - standard[1]);
            mm[0] += delta[0];
            mm[1] += delta[1];
            if (!Double.isFinite(mm[0]) || !Double.isFinite(mm[1])) {
                break;
            }
            if (Math.abs(delta[0]) < NEWTON_TOLERANCE_MM && Math.abs(delta[1]) < NEWTON_TOLERANCE_MM) {
                double x = (ppo3 - mm[0] * 1000.0) / xPixelSizeMicron - cnpix1 + 0.5;
                double y = (ppo6 + mm[1] * 1000.0) / yPixelSizeMicron - cnpix2 + 0.5;
                return new PixelPosition(x, y);
            }
        }
        throw new IllegalArgumentException("Position (" + raDeg + ", " + decDeg
                + ") cannot be placed on the plate: the DSS plate polynomial does not converge there");
    }

    @Override
    public double pixelScaleArcsec(double x, double y) {
        double[] j = jacobian(xMm(x), yMm(y));
        double arcsecPerMm2 = Math.abs(j[0] * j[3] - j[1] * j[2]);
        return Math.sqrt(arcsecPerMm2 * xPixelSizeMicron * yPixelSizeMicron) / 1000.0;
    }

    /** Standard coordinates {xi, eta} in arcseconds at plate position (x, y) mm. */
    private double[] standardArcsec(double x, double y) {
        double x2 = x * x;
        double y2 = y * y;
        double r2 = x2 + y2;
        double[] a = amdx;
        double[] b = amdy;
        double xi = a[0] * x + a[1] * y + a[2] + a[3] * x2 + a[4] * x * y + a[5] * y2 + a[6] * r2
                + a[7] * x2 * x + a[8] * x2 * y + a[9] * x * y2 + a[10] * y2 * y + a[11] * x * r2
                + a[12] * x * r2 * r2;
        double eta = b[0] * y + b[1] * x + b[2] + b[3] * y2 + b[4] * x * y + b[5] * x2 + b[6] * r2
                + b[7] * y2 * y + b[8] * y2 * x + b[9] * y * x2 + b[10] * x2 * x + b[11] * y * r2
                + b[12] * y * r2 * r2;
        return new double[] {xi, eta};
    }

    /** {dxi/dx, dxi/dy, deta/dx, deta/dy} in arcseconds per millimetre. */
    private double[] jacobian(double x, double y) {
        double x2 = x * x;
        double y2 = y * y;
        double r2 = x2 + y2;
        double[] a = amdx;
        double[] b = amdy;
        double dxiDx = a[0] + 2 * a[3] * x + a[4] * y + 2 * a[6] * x + 3 * a[7] * x2 + 2 * a[8] * x * y
                + a[9] * y2 + a[11] * (r2 + 2 * x2) + a[12] * (r2 * r2 + 4 * x2 * r2);
        double dxiDy = a[1] + a[4] * x + 2 * a[5] * y + 2 * a[6] * y + a[8] * x2 + 2 * a[9] * x * y
                + 3 * a[10] * y2 + 2 * a[11] * x * y + 4 * a[12] * x * y * r2;
        double detaDx = b[1] + b[4] * y + 2 * b[5] * x + 2 * b[6] * x + b[8] * y2 + 2 * b[9] * x * y
                + 3 * b[10] * x2 + 2 * b[11] * x * y + 4 * b[12] * x * y * r2;
        double detaDy = b[0] + 2 * b[3] * y + b[4] * x + 2 * b[6] * y + 3 * b[7] * y2 + 2 * b[8] * x * y
                + b[9] * x2 + b[11] * (r2 + 2 * y2) + b[12] * (r2 * r2 + 4 * y2 * r2);
        return new double[] {dxiDx, dxiDy, detaDx, detaDy};
    }

    /** Solves [[m11, m12], [m21, m22]] · v = (r1, r2). */
    private static double[] solveLinear(double m11, double m12, double m21, double m22, double r1, double r2) {
        double det = m11 * m22 - m12 * m21;
        return new double[] {(m22 * r1 - m12 * r2) / det, (-m21 * r1 + m11 * r2) / det};
    }
}
