package org.vasco.xmatch.science;

/** The step-4 stage that removed a detection. */
public enum RejectionStage {
    CIRCLE, VETO_GAIA, VETO_PS1, VETO_USNOB, LATE_FILTERS, SPIKE
}
