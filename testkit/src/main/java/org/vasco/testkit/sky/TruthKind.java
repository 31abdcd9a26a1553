package org.vasco.testkit.sky;

import java.util.Locale;

/** What a rendered object is, and therefore which catalogues should contain it. */
public enum TruthKind {
    /** A star: in Gaia, PS1 (Dec &gt; −30°) and USNO-B, within each catalogue's depth. */
    STAR,
    /** A galaxy: in PS1 and USNO-B, and in Gaia only when compact and bright enough. */
    GALAXY,
    /** A plate blemish (dust speck, scratch, emulsion defect): in no catalogue. */
    ARTEFACT,
    /** A known minor planet at the plate epoch: in no star catalogue, only in the SkyBoT list. */
    ASTEROID,
    /** An injected point source that is on the plate but in no catalogue: what the pipeline should find. */
    VANISHING;

    /** The lower-case name used in truth.csv. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TruthKind fromLabel(String label) {
        for (TruthKind k : values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown truth kind '" + label
                + "': expected star, galaxy, artefact, asteroid or vanishing");
    }
}
