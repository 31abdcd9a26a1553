package org.vasco.common.sky;

/**
 * How far apart the two astrometric solutions of one DSS header put the same pixel: the explicit
 * CD-matrix TAN WCS (what SExtractor uses) against the GSSS plate polynomial (what astropy/wcslib
 * and WCSTools evaluate). Measured at the image centre and at the centres of the four corner
 * pixels; "lower" is row 1 and "left" column 1, as a FITS image is displayed. See SPEC §12, the
 * DSS two-WCS note: on about a third of the POSS-I plates the two differ by ~2.3″.
 *
 * @param centreArcsec     at ((NAXIS1 + 1) / 2, (NAXIS2 + 1) / 2)
 * @param lowerLeftArcsec  at (1, 1)
 * @param lowerRightArcsec at (NAXIS1, 1)
 * @param upperLeftArcsec  at (1, NAXIS2)
 * @param upperRightArcsec at (NAXIS1, NAXIS2)
 */
public record SolutionOffsets(double centreArcsec, double lowerLeftArcsec, double lowerRightArcsec,
                              double upperLeftArcsec, double upperRightArcsec) {

    public SolutionOffsets {
        for (double v : new double[] {centreArcsec, lowerLeftArcsec, lowerRightArcsec, upperLeftArcsec,
                upperRightArcsec}) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("A solution offset must be a finite separation, got " + v);
            }
        }
    }

    /** The largest of the five offsets, arcseconds. */
    public double maxArcsec() {
        return Math.max(centreArcsec, Math.max(Math.max(lowerLeftArcsec, lowerRightArcsec),
                Math.max(upperLeftArcsec, upperRightArcsec)));
    }
}
