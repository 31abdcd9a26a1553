package org.vasco.common.stage;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.vasco.common.task.ScienceProfile;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;

/**
 * What a stage is given for one attempt.
 *
 * @param task    the validated task
 * @param attempt the attempt number, 1-based, as claimed in the database
 * @param clock   the time source (tests inject a fixed or offset clock)
 * @param graph   the run's step graph ({@code run.steps}, from its mode); empty when unknown (a stage run outside a run)
 * @param profile the run's science profile ({@code run.profile})
 */
public record StageContext(TileTask task, int attempt, Clock clock, List<Step> graph, ScienceProfile profile) {

    public StageContext {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(profile, "profile");
        graph = List.copyOf(graph);
    }

    /** A context outside any run's graph (tests, one-off commands): {@link #runs(Step)} is false for every step. */
    public StageContext(TileTask task, int attempt, Clock clock) {
        this(task, attempt, clock, List.of());
    }

    /** A context in a run of the default profile ({@link ScienceProfile#DEFAULT}). */
    public StageContext(TileTask task, int attempt, Clock clock, List<Step> graph) {
        this(task, attempt, clock, graph, ScienceProfile.DEFAULT);
    }

    /** True when the run's graph has {@code step}: e.g. the fast path has {@link Step#MEASURE} after the cross-match. */
    public boolean runs(Step step) {
        return graph.contains(step);
    }
}
