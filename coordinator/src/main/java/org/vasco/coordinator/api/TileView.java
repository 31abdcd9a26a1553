package org.vasco.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One tile of a run: where it is, how each of its steps stands, its step-4 counters and candidate count.
 *
 * @param counters   the SPEC §8.2 counters of {@code tile_summary}, an empty object before step 4
 * @param candidates candidate rows of the tile in this run
 */
public record TileView(String tileId, String plateId, double raDeg, double decDeg, Map<String, TileStep> steps,
                       JsonNode counters, int candidates) {

    /**
     * One step of a tile.
     *
     * @param state   QUEUED, RUNNING, RETRY, DONE, FAILED or SKIPPED
     * @param attempt attempts so far
     * @param reason  short reason code, may be null
     * @param error   last error message, may be null
     */
    public record TileStep(String state, int attempt, String reason, String error) {
    }
}
