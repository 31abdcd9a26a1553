package org.vasco.xmatch.science;

import org.vasco.common.detection.Detection;

/**
 * A detection that survived the catalogue veto of step 4 (the USNO-B remainder): a candidate, to be measured and
 * put through the late filters and the spike cut.
 *
 * @param detection  the detection as the veto read it (pass 2, or the position pass of the fast path)
 * @param raDeg      candidate position used by the veto (RA_corr when WCSFIX succeeded, else ALPHA_J2000)
 * @param decDeg     candidate position
 * @param raCorr     WCSFIX-corrected RA, NaN when WCSFIX failed
 * @param decCorr    WCSFIX-corrected Dec, NaN when WCSFIX failed
 */
public record Survivor(Detection detection, double raDeg, double decDeg, double raCorr, double decCorr) {

    /** The source id {@code <tile_id>:<NUMBER>}. */
    public String srcId(String tileId) {
        return tileId + ":" + detection.number();
    }
}
