package org.vasco.common.task;

import java.util.Locale;
import org.vasco.common.text.UntrustedText;

/**
 * Which science a run does after the catalogue veto (issue 18; docs/science.md lists every difference). Chosen
 * when the run is created ({@code --profile}), stored in {@code run.profile}, read by the workers with each claim,
 * so a running run never changes its science.
 */
public enum ScienceProfile {
    /**
     * Exactly what the reference pipeline does (SPEC §6–§9), its small quirks included, apart from the fixes
     * docs/science.md keeps in every profile: the same survivors and funnel as the reference on identical inputs.
     */
    REFERENCE,
    /**
     * The reference's intent judged against the tile's own stars instead of fixed gates tuned elsewhere: every
     * candidate is compared with the stellar locus of the catalogued stars of its tile at its S/N, with limits
     * set from catalogued stars only (the null test, {@code vasco bench nulltest}).
     */
    CORRECTED;

    /**
     * The profile of a run created without one: {@link #REFERENCE}, the reference's thresholds by default
     * (DESIGN.md "Science"). {@link #CORRECTED}'s limits come from the null test on the synthetic sky; until the same
     * test has run on real plates it is chosen explicitly (docs/science.md "Which profile by default").
     */
    public static final ScienceProfile DEFAULT = REFERENCE;

    /** The lower-case name used in the database, the CLI, ledgers and reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The profile named {@code label} ({@code reference} or {@code corrected}, any case, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the choices for anything else
     */
    public static ScienceProfile parse(String label) {
        String text = label == null ? "" : label.trim();
        for (ScienceProfile p : values()) {
            if (p.label().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown science profile " + UntrustedText.quoted(label)
                + ": choose reference or corrected");
    }
}
