package org.vasco.common.stage;

import java.util.List;
import java.util.Objects;
import org.vasco.common.task.ScienceProfile;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;

/**
 * A held claim on one {@code (run, tile, step)}: the task, who holds it and which attempt it is.
 * Every write that ends the claim is fenced on all three, so a worker whose lease was taken over
 * can never overwrite the new holder's work. {@code graph} is the run's step graph ({@code run.steps}) as read with
 * the claim, so a stage can tell what follows it (e.g. whether a MEASURE step comes after the cross-match);
 * {@code profile} the run's science profile ({@code run.profile}), read with it too.
 */
public record Claim(TileTask task, String owner, int attempt, List<Step> graph, ScienceProfile profile) {

    public Claim {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profile, "profile");
        graph = List.copyOf(graph);
        if (attempt < 1) {
            throw new IllegalArgumentException("A claimed attempt is 1 or more, found " + attempt);
        }
    }
}
