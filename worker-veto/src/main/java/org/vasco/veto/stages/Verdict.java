package org.vasco.veto.stages;

/** What a stage decided about one candidate; {@link #REJECT} removes it from the shrinking set. */
public enum Verdict {
    /** Passed the stage. */
    KEEP,
    /** Removed by the stage. */
    REJECT,
    /** Kept, with something worth a look (a wide SkyBoT match, a stage that could not evaluate the pixels). */
    FLAG;

    public boolean survives() {
        return this != REJECT;
    }
}
