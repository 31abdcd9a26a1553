package org.vasco.coordinator.run;

import java.util.List;
import java.util.Locale;
import org.vasco.common.task.Step;

/**
 * The step graphs a run can follow; the one place that says which steps a mode runs and in which order.
 * The graph is copied into {@code run.steps} when the run is created, so a running run never changes shape.
 */
public enum RunMode {
    /**
     * The reference pipeline: download, SExtractor pass 1/PSFEx/pass 2, cross-match and catalogue veto, then
     * late filters, spike cut and post stages.
     */
    FULL(List.of(Step.DOWNLOAD, Step.EXTRACT, Step.XMATCH, Step.VETO)),
    /**
     * The fast path (issue #10): download, pass 1/PSFEx and a position-only pass, cross-match and catalogue veto on
     * those positions, the measurement pass on the veto survivors only, then late filters, spike cut and post
     * stages. Same survivors and measured columns as {@link #FULL}, without the model fit of every vetoed object.
     */
    FAST(List.of(Step.DOWNLOAD, Step.EXTRACT, Step.XMATCH, Step.MEASURE, Step.VETO));

    /**
     * The mode of a run submitted without one. Still FULL: FAST gives the same candidates, measured columns, late-cut
     * verdicts, remote post-stage verdicts and funnel (RunModeEquivalenceTest), but S0M and S0S take reference stars
     * of the whole tile from the pass-2 catalogue, which on the fast path holds only the veto survivors.
     */
    public static final RunMode DEFAULT = FULL;

    private final List<Step> steps;

    RunMode(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    public List<Step> steps() {
        return steps;
    }

    public Step firstStep() {
        return steps.get(0);
    }

    /**
     * The mode named {@code label} ({@code full} or {@code fast}, any case).
     *
     * @throws IllegalArgumentException naming the choices for anything else
     */
    public static RunMode parse(String label) {
        for (RunMode mode : values()) {
            if (mode.label().equalsIgnoreCase(label == null ? "" : label.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown run mode '" + label + "': choose full or fast");
    }

    /** The name stored in {@code run.mode}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
