package org.vasco.common.catalog;

/**
 * Which PS1 DR2 stars make the bright-star list of the diffraction-spike cut (SPEC §6.8), wherever the list comes
 * from (the MAST API or a PS1 mirror): at least {@value #MIN_DETECTIONS} detections and a valid r magnitude no
 * fainter than {@value #LIMIT_MAG}.
 */
public final class BrightStarList {

    /** The faintest r magnitude (rMeanPSFMag) on the list. */
    public static final double LIMIT_MAG = 16.0;
    /** The fewest detections (nDetections) of a star on the list; MAST is asked with {@code nDetections.gte}. */
    public static final int MIN_DETECTIONS = 2;

    private BrightStarList() {
    }

    /** SPEC §6.8: finite, 0 ≤ m ≤ 50, so the −999 sentinels of PS1 are out. */
    public static boolean isValidMagnitude(double m) {
        return Double.isFinite(m) && m >= 0 && m <= 50;
    }

    /** Whether a star of r magnitude {@code rMag} with {@code detections} detections is on the list. */
    public static boolean includes(int detections, double rMag) {
        return detections >= MIN_DETECTIONS && isValidMagnitude(rMag) && rMag <= LIMIT_MAG;
    }
}
