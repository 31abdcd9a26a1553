package org.vasco.xmatch.science;

/**
 * The stage that removed a detection: step 4's circle and vetoes, and, where the late cuts are written with step 4's
 * files ({@code vasco process}), the late filters and the spike cut.
 */
public enum RejectionStage {
    CIRCLE, VETO_GAIA, VETO_PS1, VETO_USNOB, LATE_FILTERS, SPIKE
}
