package org.vasco.xmatch.science;

import org.vasco.common.detection.Detection;

/**
 * A detection that survived step 4: a candidate.
 *
 * @param detection  the pass-2 measurements
 * @param raDeg      candidate position used by the veto (RA_corr when WCSFIX succeeded, else ALPHA_J2000)
 * @param decDeg     candidate position
 * @param raCorr     WCSFIX-corrected RA, NaN when WCSFIX failed
 * @param decCorr    WCSFIX-corrected Dec, NaN when WCSFIX failed
 * @param spikeReason always "" for survivors, as the reference writes it
 */
public record Survivor(Detection detection, double raDeg, double decDeg, double raCorr, double decCorr, String spikeReason) {

    /** The source id {@code <tile_id>:<NUMBER>}. */
    public String srcId(String tileId) {
        return tileId + ":" + detection.number();
    }
}
