package org.vasco.coordinator.run;

import java.util.List;
import java.util.Locale;
import org.vasco.common.task.Step;

/**
 * The step graphs a run can follow; the one place that says which steps a mode runs and in which order.
 * The graph is copied into {@code run.steps} when the run is created, so a running run never changes shape.
 */
public enum RunMode {
    /** The reference pipeline: download, SExtractor/PSFEx, cross-match and vetoes, post stages. */
    FULL(List.of(Step.DOWNLOAD, Step.EXTRACT, Step.XMATCH, Step.VETO));

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

    /** The name stored in {@code run.mode}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
