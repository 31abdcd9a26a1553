package org.vasco.coordinator.finalise;

import java.util.List;

/**
 * What {@code vasco report} can say about a run: its funnel when every tile is final and the run is finalised, else
 * what is missing.
 */
public sealed interface RunReport {

    String runId();

    /** Every tile is final: the funnel. */
    record Complete(Funnel funnel) implements RunReport {
        @Override
        public String runId() {
            return funnel.runId();
        }
    }

    /**
     * Every tile is final but the run's finalisation (S0 dedup) has not been committed yet, e.g. another
     * coordinator is finalising it right now: a funnel now would count duplicates.
     */
    record Unfinalised(String runId) implements RunReport {
    }

    /**
     * Some tiles are not final: no funnel, since it would silently leave them out.
     *
     * @param tiles       tiles in the run
     * @param unfinished  the tiles not yet final, with where each stands
     */
    record Incomplete(String runId, int tiles, List<UnfinishedTiles.UnfinishedTile> unfinished) implements RunReport {
    }
}
