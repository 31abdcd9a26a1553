package org.vasco.coordinator.finalise;

import java.util.List;
import java.util.Map;

/**
 * How a complete run narrowed its detections to the final candidates, for the whole run and per plate: the
 * step-4 counters of its done tiles (SPEC §8.2: detections inside 30′, after the Gaia, PS1 and USNO-B vetoes,
 * after the late filters, after the spike cut), then S0 (survivors less the cross-tile and cross-plate
 * duplicates), after each post stage among the S0 representatives, and final. Failed and skipped tiles are
 * counted and named, never silently left out. Only built for runs whose every tile is final.
 *
 * @param runId        the run
 * @param state        the run's state (COMPLETE, FINALISED, or ACTIVE when the finaliser has not run yet)
 * @param profile      the run's science profile ({@code reference} or {@code corrected})
 * @param postStages   the post stages with verdicts in this run, in release order
 * @param run          the whole run's counts
 * @param plates       per plate (the plan plate of each tile), in plate id order
 * @param failedTiles  tiles that FAILED a step, with the step and reason
 * @param skippedTiles tiles a step SKIPPED, with the step and reason
 * @param checks       the per-run checks of the S0 rows
 */
public record Funnel(String runId, String state, String profile, List<String> postStages, Counts run, List<Counts> plates,
                     List<TileOutcome> failedTiles, List<TileOutcome> skippedTiles, S0Checks checks) {

    /**
     * What the run's S0 rows were checked for (issue 18 item 7), from the columns the veto step gave every candidate.
     *
     * @param s0Rows              S0 rows
     * @param gaiaWithin5         S0 rows with a Gaia DR3 source within 5″ at the plate epoch: each one a catalogue veto
     *                            that failed silently (0 when the run is sound)
     * @param gaiaWithin5Ids      their src_ids (the first 20)
     * @param unchecked           S0 rows the veto step left without the check (tiles vetoed before it existed)
     * @param inEarthShadow       S0 rows inside Earth's shadow at geostationary distance at mid-exposure
     * @param finalInEarthShadow  final candidates inside it
     */
    public record S0Checks(long s0Rows, long gaiaWithin5, List<String> gaiaWithin5Ids, long unchecked, long inEarthShadow,
                           long finalInEarthShadow) {

        /** The Gaia check's radius, arcsec: the catalogue veto's. */
        public static final double GAIA_RADIUS_ARCSEC = 5.0;

        public S0Checks {
            gaiaWithin5Ids = List.copyOf(gaiaWithin5Ids);
        }
    }

    /**
     * One funnel column.
     *
     * @param plateId          the plate, or null for the whole run
     * @param tiles            tiles in the run
     * @param tilesDone        tiles that finished the last step
     * @param tilesEmpty       done tiles with no survivor: valid empty tiles
     * @param tilesFailed      failed tiles (not counted below)
     * @param tilesSkipped     skipped tiles (not counted below)
     * @param detections       pass-2 detections inside the 30′ circle ({@code veto_start_rows})
     * @param afterGaia        after the Gaia veto
     * @param afterPs1         after the PS1 veto
     * @param afterUsnob       after the USNO-B veto
     * @param afterLateFilters after the late filters ({@code late_kept_hard_gates})
     * @param afterSpikes      after the bright-star cut: the tiles' survivors
     * @param s0               survivors that S0 dedup kept as representatives
     * @param afterStage       per post stage in release order, S0 representatives that no stage up to it rejected
     * @param finalCount       S0 representatives no stage rejected
     */
    public record Counts(String plateId, int tiles, int tilesDone, int tilesEmpty, int tilesFailed, int tilesSkipped,
                         long detections, long afterGaia, long afterPs1, long afterUsnob, long afterLateFilters,
                         long afterSpikes, long s0, Map<String, Long> afterStage, long finalCount) {
    }

    /** A failed or skipped tile: the step, its reason code and message. */
    public record TileOutcome(String tileId, String plateId, String step, String reason, String message) {
    }
}
