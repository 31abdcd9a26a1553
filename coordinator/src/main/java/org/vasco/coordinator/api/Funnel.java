package org.vasco.coordinator.api;

import java.util.List;
import java.util.Map;

/**
 * How a run narrowed its detections down to candidates: the per-tile SPEC §8.2 counters summed over the run's
 * summarised tiles, then the candidate rows, what each post stage decided about them, and the human review.
 *
 * @param runId             the run
 * @param tilesSummarised   tiles with a {@code tile_summary} row (step 4 done)
 * @param counters          numeric counters summed by name (flags such as {@code ps1_veto_enabled} are left out)
 * @param candidates        candidate rows
 * @param finalCandidates   candidates no stage rejected and S0 dedup kept
 * @param stages            the post stages' ledgers, in stage name order
 * @param stageVerdicts     per stage, candidate counts by verdict (KEEP, REJECT, FLAG)
 * @param reviewVerdicts    latest human verdict counts (real, artefact, unsure)
 */
public record Funnel(String runId, int tilesSummarised, Map<String, Number> counters, int candidates, int finalCandidates,
                     List<StageLedger> stages, Map<String, Map<String, Integer>> stageVerdicts,
                     Map<String, Integer> reviewVerdicts) {

    /** One row of {@code stage_ledger}. */
    public record StageLedger(String stage, int inputRows, int rejectedRows, int keptRows) {
    }
}
