package org.vasco.common.late;

/**
 * Thresholds of the late filters (SPEC §6.6–6.7, §7). All comparisons are strict as in the reference
 * except the sigma clip, which keeps |x − median| ≤ k·σ.
 *
 * @param snrMin          keep SNR_WIN &gt; this (30)
 * @param spreadModelMin  keep SPREAD_MODEL &gt; this (−0.002)
 * @param fwhmMin         keep FWHM_IMAGE &gt; this (2 px)
 * @param fwhmMax         keep FWHM_IMAGE &lt; this (7 px)
 * @param elongationMax   keep ELONGATION &lt; this (1.3)
 * @param extentDeltaMax  keep |dx − dy| &lt; this (2 px)
 * @param extentMin       keep dx &gt; this and dy &gt; this (1 px)
 * @param sigmaClipK      keep |x − median| ≤ k·1.4826·MAD for FWHM and ELONGATION (2)
 */
public record LateFilterThresholds(double snrMin, double spreadModelMin, double fwhmMin, double fwhmMax,
                                   double elongationMax, double extentDeltaMax, double extentMin, double sigmaClipK) {

    /** The reference values (SPEC §7). */
    public static LateFilterThresholds reference() {
        return new LateFilterThresholds(30, -0.002, 2, 7, 1.3, 2, 1, 2);
    }

    public LateFilterThresholds {
        if (!(fwhmMin < fwhmMax)) {
            throw new IllegalArgumentException("FWHM window is empty: " + fwhmMin + " < FWHM < " + fwhmMax);
        }
        if (!(sigmaClipK > 0)) {
            throw new IllegalArgumentException("sigma clip k must be positive, found " + sigmaClipK);
        }
    }
}
