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
 * @param rejectedFlags   the SExtractor FLAGS bits the FLAGS gate rejects (the reference: every bit, FLAGS == 0 kept;
 *                        the corrected profile: {@link #MEASUREMENT_FLAGS})
 */
public record LateFilterThresholds(double snrMin, double spreadModelMin, double fwhmMin, double fwhmMax,
                                   double elongationMax, double extentDeltaMax, double extentMin, double sigmaClipK,
                                   Set<LateReason> gates, int rejectedFlags) {

    /** Every FLAGS bit: the reference keeps only FLAGS == 0. */
    public static final int EVERY_FLAG = ~0;
    /**
     * The FLAGS bits that say the object's own measurement is unusable, which the corrected profile rejects: 4 a pixel
     * saturated, 8 truncated at the image border, 16 and 32 aperture or isophotal data incomplete or corrupted, 64
     * and 128 a memory overflow during deblending or extraction. Bits 1 (neighbours or bad pixels biasing the
     * photometry) and 2 (deblended from a neighbour) say only that another object is near: a point source next to a
     * star stays a point source, and whether its pixels still look like one is S0S's test against the tile's stars
     * (docs/science.md: 0.6–3 % of isolated catalogued stars carry bit 1 or 2 from a brighter star 15–25″ away).
     */
    public static final int MEASUREMENT_FLAGS = 4 | 8 | 16 | 32 | 64 | 128;

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
                EnumSet.allOf(LateReason.class), EVERY_FLAG);
    }

    /**
     * The same thresholds as a profile applies them: the reference every gate and every FLAGS bit; the corrected all
     * gates but {@link #LEFT_TO_THE_LOCUS}, and of the FLAGS only the {@link #MEASUREMENT_FLAGS}.
     */
    public LateFilterThresholds forProfile(ScienceProfile profile) {
        EnumSet<LateReason> applied = EnumSet.allOf(LateReason.class);
        int flags = EVERY_FLAG;
        if (profile == ScienceProfile.CORRECTED) {
            applied.removeAll(LEFT_TO_THE_LOCUS);
            flags = MEASUREMENT_FLAGS;
        }
        return new LateFilterThresholds(snrMin, spreadModelMin, fwhmMin, fwhmMax, elongationMax, extentDeltaMax, extentMin,
                sigmaClipK, applied, flags);
    }

    /** True when the gate is applied. */
    public boolean applies(LateReason gate) {
        return gates.contains(gate);
    }

    /** True when the FLAGS gate rejects a detection with these SExtractor FLAGS. */
    public boolean rejectsFlags(int flags) {
        return applies(LateReason.FLAGS) && (flags & rejectedFlags) != 0;
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
