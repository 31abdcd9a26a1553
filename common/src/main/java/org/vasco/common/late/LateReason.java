package org.vasco.common.late;

import org.vasco.common.summary.FunnelCounter;

/**
 * Why the late filters reject a row, under the reference's {@code reject_reason} names (SPEC §6.7), in the
 * order its diagnostic lists them.
 * The reference also names {@code extent_nan}; our pixel bounds are integers from SExtractor and can
 * never be NaN, so that reason cannot occur and is not listed.
 */
public enum LateReason {
    FLAGS("flags", FunnelCounter.LATE_REJECT_FLAGS),
    SNR("snr", FunnelCounter.LATE_REJECT_SNR),
    SIGMA_CLIP_FWHM("sigma_clip_fwhm", FunnelCounter.LATE_REJECT_SIGMA_CLIP_FWHM),
    SIGMA_CLIP_ELONGATION("sigma_clip_elongation", FunnelCounter.LATE_REJECT_SIGMA_CLIP_ELONGATION),
    SPREAD_MODEL("spread_model", FunnelCounter.LATE_REJECT_SPREAD_MODEL),
    FWHM("fwhm", FunnelCounter.LATE_REJECT_FWHM),
    ELONGATION("elongation", FunnelCounter.LATE_REJECT_ELONGATION),
    EXTENT_MIN("extent_min", FunnelCounter.LATE_REJECT_EXTENT_MIN),
    EXTENT_DELTA("extent_delta", FunnelCounter.LATE_REJECT_EXTENT_DELTA);

    private final String label;
    private final FunnelCounter counter;

    LateReason(String label, FunnelCounter counter) {
        this.label = label;
        this.counter = counter;
    }

    public String label() {
        return label;
    }

    /** The SPEC §8.2 counter of the rows failing this gate, {@code late_reject_<label>}. */
    public FunnelCounter counter() {
        return counter;
    }
}
