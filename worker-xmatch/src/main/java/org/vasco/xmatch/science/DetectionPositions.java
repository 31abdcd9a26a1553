package org.vasco.xmatch.science;

import java.util.List;
import org.vasco.common.detection.Detection;

/**
 * Which of a detection's world positions each step reads (SPEC §6.2, §6.4, §6.5, §6.8). The reference
 * picks the first column pair present in the table; every pass-2 table has all of them, so here the
 * first pair that is finite for the row is taken.
 */
final class DetectionPositions {

    private DetectionPositions() {
    }

    /** Circle cut and WCSFIX input: ALPHAWIN/DELTAWIN_J2000, else ALPHA/DELTA_J2000, else X/Y_WORLD. */
    static double[][] windowed(List<Detection> rows) {
        double[] ra = new double[rows.size()];
        double[] dec = new double[rows.size()];
        for (int i = 0; i < ra.length; i++) {
            Detection d = rows.get(i);
            pick(ra, dec, i, d.alphawinJ2000(), d.deltawinJ2000(), d.alphaJ2000(), d.deltaJ2000(), d.xWorld(), d.yWorld());
        }
        return new double[][] {ra, dec};
    }

    /** Veto fallback when there is no WCSFIX position: ALPHA/DELTA_J2000, else ALPHAWIN/DELTAWIN, else X/Y_WORLD. */
    static void raw(Detection d, double[] ra, double[] dec, int i) {
        pick(ra, dec, i, d.alphaJ2000(), d.deltaJ2000(), d.alphawinJ2000(), d.deltawinJ2000(), d.xWorld(), d.yWorld());
    }

    private static void pick(double[] ra, double[] dec, int i, double a1, double d1, double a2, double d2, double a3, double d3) {
        if (Double.isFinite(a1) && Double.isFinite(d1)) {
            ra[i] = a1;
            dec[i] = d1;
        } else if (Double.isFinite(a2) && Double.isFinite(d2)) {
            ra[i] = a2;
            dec[i] = d2;
        } else {
            ra[i] = a3;
            dec[i] = d3;
        }
    }
}
