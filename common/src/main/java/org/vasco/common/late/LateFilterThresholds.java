package org.vasco.common.late;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.vasco.common.task.ScienceProfile;

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
 * @param gates           the gates applied (the reference: all of them; see {@link #forProfile})
 */
public record LateFilterThresholds(double snrMin, double spreadModelMin, double fwhmMin, double fwhmMax,
                                   double elongationMax, double extentDeltaMax, double extentMin, double sigmaClipK,
                                   Set<LateReason> gates) {

    /**
     * The gates the corrected profile leaves to its post stages (docs/science.md): the robust clips, whose
     * population is the tile's few veto survivors rather than stars, and the fixed SPREAD_MODEL, ELONGATION and
     * extent-difference gates, which the tile's own faint stars fail (the null test, {@code vasco bench nulltest});
     * S0M and S0S of the corrected profile compare the same measurements with the tile's catalogued stars of the
     * candidate's S/N instead. FLAGS, SNR_WIN, the FWHM window and the minimum extent stay: isolated catalogued stars
     * pass the last two, and the first two define the search.
     */
    public static final Set<LateReason> LEFT_TO_THE_LOCUS = Collections.unmodifiableSet(
            EnumSet.of(LateReason.SIGMA_CLIP_FWHM, LateReason.SIGMA_CLIP_ELONGATION, LateReason.SPREAD_MODEL,
                    LateReason.ELONGATION, LateReason.EXTENT_DELTA));

    /** The reference values (SPEC §7). */
    public static LateFilterThresholds reference() {
        return new LateFilterThresholds(30, -0.002, 2, 7, 1.3, 2, 1, 2);
    }

    /** Every gate, as the reference applies them. */
    public LateFilterThresholds(double snrMin, double spreadModelMin, double fwhmMin, double fwhmMax, double elongationMax,
                                double extentDeltaMax, double extentMin, double sigmaClipK) {
        this(snrMin, spreadModelMin, fwhmMin, fwhmMax, elongationMax, extentDeltaMax, extentMin, sigmaClipK,
                EnumSet.allOf(LateReason.class));
    }

    /** The same thresholds with the gates a profile applies: all for the reference, all but {@link #LEFT_TO_THE_LOCUS} for the corrected. */
    public LateFilterThresholds forProfile(ScienceProfile profile) {
        EnumSet<LateReason> applied = EnumSet.allOf(LateReason.class);
        if (profile == ScienceProfile.CORRECTED) {
            applied.removeAll(LEFT_TO_THE_LOCUS);
        }
        return new LateFilterThresholds(snrMin, spreadModelMin, fwhmMin, fwhmMax, elongationMax, extentDeltaMax, extentMin,
                sigmaClipK, applied);
    }

    /** True when the gate is applied. */
    public boolean applies(LateReason gate) {
        return gates.contains(gate);
    }

    public LateFilterThresholds {
        gates = gates.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(LateReason.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(gates));
        if (!(fwhmMin < fwhmMax)) {
            throw new IllegalArgumentException("FWHM window is empty: " + fwhmMin + " < FWHM < " + fwhmMax);
        }
        if (!(sigmaClipK > 0)) {
            throw new IllegalArgumentException("sigma clip k must be positive, found " + sigmaClipK);
        }
    }
}
