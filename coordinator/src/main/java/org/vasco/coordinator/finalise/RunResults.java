package org.vasco.coordinator.finalise;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vasco.coordinator.run.ProgressTimeline;
import org.vasco.coordinator.run.StepSpan;

/**
 * Everything a finalised run produced, as one value: what its bundle holds and its report shows. Read from the
 * database by {@link RunResultsQuery}; a local demo adds its injection–recovery figures with {@link #withRecovery}.
 *
 * @param run         the run row
 * @param funnel      the funnel per run and per plate ({@code vasco report})
 * @param candidates  every S0 row, representatives and duplicates, in src_id order ({@code vasco candidates --stage ALL})
 * @param stages      the post stages with verdicts, in release order
 * @param verdicts    every post stage's verdict on those rows, in stage then src_id order
 * @param ledgers     every post stage's ledger, in release order
 * @param tiles       every tile of the run with its final state and quality figures, in tile id order
 * @param timeline    every tile step, in tile id and step order
 * @param provenance  code version, mode, settings, tool versions, catalogue sources (a JSON object)
 * @param recovery    a demo's injection–recovery figures (a JSON object), or null
 */
public record RunResults(RunInfo run, Funnel funnel, List<RunCandidate> candidates, List<String> stages,
                         List<StageVerdict> verdicts, List<StageLedger> ledgers, List<TileRecord> tiles,
                         List<StepSpan> timeline, JsonNode provenance, JsonNode recovery) {

    public RunResults {
        candidates = List.copyOf(candidates);
        stages = List.copyOf(stages);
        verdicts = List.copyOf(verdicts);
        ledgers = List.copyOf(ledgers);
        tiles = List.copyOf(tiles);
        timeline = List.copyOf(timeline);
    }

    /** The same results with a demo's injection–recovery figures. */
    public RunResults withRecovery(JsonNode recoveryFigures) {
        return new RunResults(run, funnel, candidates, stages, verdicts, ledgers, tiles, timeline, provenance, recoveryFigures);
    }

    /** The run's progress: tiles through each step over time, from its submission. */
    public ProgressTimeline progress() {
        return ProgressTimeline.of(run.createdAt(), funnel.run().tiles(), run.steps(), timeline);
    }

    /** The final candidates: S0 representatives no post stage rejected. */
    public List<RunCandidate> finalCandidates() {
        return SurvivorSelection.FINAL.select(candidates, stages);
    }

    /**
     * The run row.
     *
     * @param profile    its science profile ({@code reference} or {@code corrected})
     * @param parameters what the submitter asked for (a JSON object)
     */
    public record RunInfo(String runId, String mode, String profile, String state, List<String> steps, JsonNode parameters,
                          Instant createdAt, Instant completedAt, Instant finalisedAt) {
    }

    /** One post stage's verdict on one candidate ({@code candidate_flag}). */
    public record StageVerdict(String stage, String srcId, String verdict, String reason, JsonNode details) {
    }

    /** One post stage's run totals and parameters ({@code stage_ledger}). */
    public record StageLedger(String stage, String fingerprint, JsonNode parameters, int inputRows, int rejectedRows,
                              int keptRows, JsonNode totals) {
    }

    /**
     * One tile of the run: where it ended and how it looked.
     *
     * @param state          DONE (its last step done), FAILED or SKIPPED
     * @param step           the step it failed or was skipped at; the last step when done
     * @param reason         the failure or skip reason code, or null
     * @param message        the failure message, or null
     * @param counters       its step-4 counters ({@code tile_summary.counters}; empty when it has none)
     * @param psfFwhmPx      the PSF model's FWHM in pixels, or null
     * @param psfStars       stars the PSF model used, or null
     * @param wcsfixOk       whether WCSFIX was applied, or null
     * @param tiePoints      WCSFIX tie points, or null
     * @param wcsfixSigmaArcsec the WCSFIX residual σ, or null
     */
    public record TileRecord(String tileId, String plateId, double raDeg, double decDeg, String state, String step,
                             String reason, String message, Instant finishedAt, Map<String, Number> counters,
                             Double psfFwhmPx, Integer psfStars, Boolean wcsfixOk, Integer tiePoints,
                             Double wcsfixSigmaArcsec) {

        public TileRecord {
            counters = Map.copyOf(counters);
        }
    }
}
