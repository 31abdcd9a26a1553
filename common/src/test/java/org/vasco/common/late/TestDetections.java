package org.vasco.common.late;

import org.vasco.common.detection.Detection;

/**
 * Builds pass-2 detections for tests: a clean point source by default, changed field by field. Shared with other
 * modules' tests through common's test-jar.
 */
public final class TestDetections {

    private TestDetections() {
    }

    /** A source that passes every late filter: FLAGS 0, SNR 100, FWHM 3, ELONGATION 1.1, SPREAD_MODEL 0, 5×5 px. */
    public static Detection star(int number, double ra, double dec) {
        return new Detection(number, 0, 100, 100, 100, 100, 1.1, 3.0, 98, 103, 98, 103,
                ra, dec, ra, dec, ra, dec, 1e4, 15.0, 0.9, 0.05, 0.0, 0.001, 100.0, 1e4);
    }

    public static Detection with(Detection d, int flags, double snr, double fwhm, double elongation, double spread,
                          int xmin, int xmax, int ymin, int ymax) {
        return new Detection(d.number(), flags, d.xImage(), d.yImage(), d.xwinImage(), d.ywinImage(), elongation, fwhm,
                xmin, xmax, ymin, ymax, d.xWorld(), d.yWorld(), d.alphaJ2000(), d.deltaJ2000(), d.alphawinJ2000(),
                d.deltawinJ2000(), d.fluxAuto(), d.magAuto(), d.classStar(), d.ellipticity(), spread, d.spreaderrModel(),
                snr, d.fluxAper());
    }

    /** Same detection with different raw (ALPHA/DELTA) and windowed (ALPHAWIN/DELTAWIN) positions. */
    public static Detection at(Detection d, double rawRa, double rawDec, double winRa, double winDec) {
        return new Detection(d.number(), d.flags(), d.xImage(), d.yImage(), d.xwinImage(), d.ywinImage(), d.elongation(),
                d.fwhmImage(), d.xminImage(), d.xmaxImage(), d.yminImage(), d.ymaxImage(), rawRa, rawDec, rawRa, rawDec,
                winRa, winDec, d.fluxAuto(), d.magAuto(), d.classStar(), d.ellipticity(), d.spreadModel(),
                d.spreaderrModel(), d.snrWin(), d.fluxAper());
    }
}
