package org.vasco.local.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * What must hold after any fault, once the cluster has recovered by itself (issue #9, item 1), checked against
 * an undisturbed run of the same sky ({@link FaultRun#baseline}):
 * <ul>
 *   <li>every tile reached a final state exactly once: one run_tile row per step of the run's graph, in the
 *       same final state as in the baseline (DONE for every step of every tile of the suite's sky), and the
 *       run FINALISED;</li>
 *   <li>each step's effects happened once: every tile step that ended DONE or SKIPPED committed its completion, the
 *       transaction that applies its effects, exactly once (counted per tile step: the effects themselves are written
 *       idempotently and would not show a second application), and the candidate rows, the verdicts, the stage
 *       ledger and the tile summaries equal the baseline's (one applied never would lose rows), and so do the
 *       funnel and the final candidates (at least one), also where the loopback archives were restarted mid-run;</li>
 *   <li>no artefact is half-written: no temporary file left, every FITS/LDAC/PSF, gzip, CSV and JSON file
 *       whole ({@link ArtefactCheck}), and the same final artefacts as in the baseline, byte for byte (SHA-256);</li>
 *   <li>no message was lost: every outbox row published, and dead letters only where the scenario expects
 *       them.</li>
 * </ul>
 * All violations are reported together, each with what it was compared to.
 */
public final class RunInvariants {

    private RunInvariants() {
    }

    /** Asserts every invariant, with no dead letter expected. */
    public static void assertHold(RunSnapshot run, RunSnapshot baseline) {
        assertHold(run, baseline, 0);
    }

    /** Asserts every invariant, with exactly {@code deadLetters} dead-lettered tasks expected. */
    public static void assertHold(RunSnapshot run, RunSnapshot baseline, int deadLetters) {
        assertThat(baseline.runState()).as("the baseline run is finalised").isEqualTo("FINALISED");
        assertThat(baseline.candidates()).as("the baseline has candidates to compare with").isNotEmpty();
        assertThat(baseline.finalCandidates()).as("the baseline has final candidates to compare with").isNotEmpty();
        assertThat(baseline.artefacts().problems()).as("the baseline's artefacts").isEmpty();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(run.runState()).as("run state").isEqualTo("FINALISED");
        soft.assertThat(run.steps()).as("step graph").isEqualTo(baseline.steps());
        soft.assertThat(duplicates(run.stepRows())).as("run_tile rows present more than once").isEmpty();
        soft.assertThat(run.stepRows()).as("(tile, step, final state) of every run_tile row").isEqualTo(baseline.stepRows());
        soft.assertThat(run.completions()).as("completions committed per tile step (each applies the step's effects:"
                + " exactly once for every tile step DONE or SKIPPED)").isEqualTo(onceEach(run.stepRows()));
        soft.assertThat(run.candidates()).as("candidate table").isEqualTo(baseline.candidates());
        soft.assertThat(run.finalCandidates()).as("final candidates (the post stages' archives answer alike after a restart)")
                .isEqualTo(baseline.finalCandidates());
        soft.assertThat(run.verdicts()).as("post-stage verdicts (candidate_flag)").isEqualTo(baseline.verdicts());
        soft.assertThat(run.ledger()).as("stage ledger (counters would double if a step's effect applied twice)")
                .isEqualTo(baseline.ledger());
        soft.assertThat(run.summaries()).as("tile summaries (SPEC §8.2 counters)").isEqualTo(baseline.summaries());
        soft.assertThat(run.funnel()).as("funnel").isEqualTo(baseline.funnel());
        soft.assertThat(run.artefacts().problems()).as("half-written or unreadable artefacts").isEmpty();
        soft.assertThat(run.artefacts().finalArtefacts()).as("final artefacts on the shared storage and their bytes (SHA-256)")
                .isEqualTo(baseline.artefacts().finalArtefacts());
        soft.assertThat(run.unpublished()).as("outbox rows never published").isZero();
        soft.assertThat(run.deadLetters()).as("dead letters").hasSize(deadLetters);
        soft.assertAll();
    }

    /** "tile | step | 1" for every step row that is DONE or SKIPPED, in the rows' order. */
    private static List<String> onceEach(List<String> stepRows) {
        return stepRows.stream().filter(r -> r.endsWith(" | DONE") || r.endsWith(" | SKIPPED"))
                .map(r -> r.substring(0, r.lastIndexOf(" | ")) + " | 1").toList();
    }

    private static Map<String, Integer> duplicates(List<String> rows) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String row : rows) {
            String key = row.substring(0, row.lastIndexOf(" | "));
            counts.merge(key, 1, Integer::sum);
        }
        counts.values().removeIf(n -> n == 1);
        return counts;
    }
}
