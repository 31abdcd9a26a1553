package org.vasco.testkit.sky;

import nom.tam.fits.Header;

/**
 * An independent decoder of the DSS plate polynomial for the tests (the DSS/GSSS convention as in
 * WCSTools' dsspos), used to check that the polynomial written into a cut-out agrees with its CD
 * matrix. Evaluates all 20 AMDX/AMDY terms, although the renderer writes only the linear ones.
 */
final class DssPlateSolution {

    private final double plateRa;
    private final double plateDec;
    private final double ppo3;
    private final double ppo6;
    private final double xPixelSize;
    private final double yPixelSize;
    private final double cnpix1;
    private final double cnpix2;
    private final double[] a = new double[20];
    private final double[] b = new double[20];

    private DssPlateSolution(Header h) {
        plateRa = Math.toRadians(15.0 * (h.getDoubleValue("PLTRAH") + h.getDoubleValue("PLTRAM") / 60.0
                + h.getDoubleValue("PLTRAS") / 3600.0));
        double dec = h.getDoubleValue("PLTDECD") + h.getDoubleValue("PLTDECM") / 60.0 + h.getDoubleValue("PLTDECS") / 3600.0;
        plateDec = Math.toRadians("-".equals(h.getStringValue("PLTDECSN").trim()) ? -dec : dec);
        ppo3 = h.getDoubleValue("PPO3");
        ppo6 = h.getDoubleValue("PPO6");
        xPixelSize = h.getDoubleValue("XPIXELSZ");
        yPixelSize = h.getDoubleValue("YPIXELSZ");
        cnpix1 = h.getDoubleValue("CNPIX1");
        cnpix2 = h.getDoubleValue("CNPIX2");
        for (int i = 0; i < 20; i++) {
            a[i] = h.getDoubleValue("AMDX" + (i + 1));
            b[i] = h.getDoubleValue("AMDY" + (i + 1));
        }
    }

    static DssPlateSolution from(Header h) {
        return new DssPlateSolution(h);
    }

    double[] toSky(double xPixel, double yPixel) {
        double x = (ppo3 - (xPixel + cnpix1 - 0.5) * xPixelSize) / 1000.0;
        double y = ((yPixel + cnpix2 - 0.5) * yPixelSize - ppo6) / 1000.0;
        double x2 = x * x;
        double y2 = y * y;
        double r2 = x2 + y2;
        double xi = a[0] * x + a[1] * y + a[2] + a[3] * x2 + a[4] * x * y + a[5] * y2 + a[6] * r2 + a[7] * x2 * x
                + a[8] * x2 * y + a[9] * x * y2 + a[10] * y2 * y + a[11] * x * r2 + a[12] * x * r2 * r2;
        double eta = b[0] * y + b[1] * x + b[2] + b[3] * y2 + b[4] * x * y + b[5] * x2 + b[6] * r2 + b[7] * y2 * y
                + b[8] * y2 * x + b[9] * y * x2 + b[10] * x2 * x + b[11] * y * r2 + b[12] * y * r2 * r2;
        xi = Math.toRadians(xi / 3600.0);
        eta = Math.toRadians(eta / 3600.0);
        double tanDec = Math.tan(plateDec);
        double raOffset = Math.atan2(xi / Math.cos(plateDec), 1.0 - eta * tanDec);
        double ra = Math.toDegrees(plateRa + raOffset);
        double decOut = Math.atan(Math.cos(raOffset) * ((eta + tanDec) / (1.0 - eta * tanDec)));
        return new double[] {((ra % 360) + 360) % 360, Math.toDegrees(decOut)};
    }
}
