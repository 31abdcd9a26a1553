package org.vasco.common.late;

/**
 * Why the late filters reject a row, under the reference's {@code reject_reason} names (SPEC §6.7), in the
 * order its diagnostic lists them.
 * The reference also names {@code extent_nan}; our pixel bounds are integers from SExtractor and can
 * never be NaN, so that reason cannot occur and is not listed.
 */
public enum LateReason {
    FLAGS("flags"),
    SNR("snr"),
    SIGMA_CLIP_FWHM("sigma_clip_fwhm"),
    SIGMA_CLIP_ELONGATION("sigma_clip_elongation"),
    SPREAD_MODEL("spread_model"),
    FWHM("fwhm"),
    ELONGATION("elongation"),
    EXTENT_MIN("extent_min"),
    EXTENT_DELTA("extent_delta");

    private final String label;

    LateReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The SPEC §8.2 counter name, {@code late_reject_<label>}. */
    public String counter() {
        return "late_reject_" + label;
    }
}
