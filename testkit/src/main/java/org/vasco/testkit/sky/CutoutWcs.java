package org.vasco.testkit.sky;

import org.vasco.common.sky.TanProjection;

/**
 * The TAN solution of a cut-out as a DSS server writes it: tangent point at the centre, CRPIX at the
 * centre of the pixel grid, CD matrix with the RA axis flipped (east to the left) and no rotation.
 * Pixel coordinates are FITS ones (1-based, pixel centres at integers).
 *
 * @param centreRaDeg  CRVAL1
 * @param centreDecDeg CRVAL2
 * @param naxis        pixels per side
 * @param scaleArcsec  pixel scale, ″/px
 * @param requestedSizeArcmin the size asked for (the image is the nearest whole number of pixels)
 */
record CutoutWcs(double centreRaDeg, double centreDecDeg, int naxis, double scaleArcsec, double requestedSizeArcmin) {

    /** The DSS scan scale of POSS-I E plates (25 µm pixels at 67.2″/mm). */
    static final double DSS_SCALE_ARCSEC = 1.7;

    static CutoutWcs of(double raDeg, double decDeg, double sizeArcmin) {
        int naxis = (int) Math.round(sizeArcmin * 60.0 / DSS_SCALE_ARCSEC);
        if (naxis < 16) {
            throw new IllegalArgumentException("Cut-out size " + sizeArcmin + "′ is too small: at least "
                    + (16 * DSS_SCALE_ARCSEC / 60.0) + "′ (16 px) is needed");
        }
        return new CutoutWcs(raDeg, decDeg, naxis, DSS_SCALE_ARCSEC, sizeArcmin);
    }

    double crpix() {
        return (naxis + 1) / 2.0;
    }

    /** CD1_1 (negative: RA increases to the left); CD2_2 is its opposite. */
    double cd11() {
        return -scaleArcsec / 3600.0;
    }

    double cd22() {
        return scaleArcsec / 3600.0;
    }

    TanProjection projection() {
        return new TanProjection(centreRaDeg, centreDecDeg);
    }

    /** {x, y} FITS pixel of a sky position. */
    double[] toPixel(TanProjection projection, double raDeg, double decDeg) {
        double[] std = projection.project(raDeg, decDeg);
        return new double[] {crpix() + std[0] / cd11(), crpix() + std[1] / cd22()};
    }

    /** {ra, dec} of a FITS pixel position. */
    double[] toSky(TanProjection projection, double x, double y) {
        return projection.deproject((x - crpix()) * cd11(), (y - crpix()) * cd22());
    }

    /** Half the diagonal of the cut-out, degrees. */
    double halfDiagonalDeg() {
        return naxis * scaleArcsec / 3600.0 * Math.sqrt(0.5);
    }

    double sizeArcmin() {
        return naxis * scaleArcsec / 60.0;
    }
}
