package org.vasco.coordinator.run;

import java.util.List;
import org.vasco.common.task.ScienceProfile;
import org.vasco.common.task.Step;

/**
 * A run as created by {@link RunSubmission}.
 *
 * @param runId the run name
 * @param mode    its step graph
 * @param profile its science profile
 * @param tiles   how many tiles it covers (each with its first step queued)
 */
public record SubmittedRun(String runId, RunMode mode, ScienceProfile profile, int tiles) {

    public List<Step> steps() {
        return mode.steps();
    }
}
