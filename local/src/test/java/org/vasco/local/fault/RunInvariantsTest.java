package org.vasco.local.fault;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The invariants tell a run that recovered cleanly from one that did not: each way a fault can leave its
 * mark (an effect applied twice, a lost candidate, a step left unfinished, a half-written file, a stranded
 * task, a dead letter) fails {@link RunInvariants#assertHold}, naming what differs. Built from snapshots made
 * here, so no cluster runs.
 */
class RunInvariantsTest {

    private static final RunSnapshot BASELINE = new RunSnapshot("FINALISED", List.of("download", "extract"),
            List.of("tile_A | download | DONE", "tile_A | extract | DONE"),
            List.of("tile_A:12 | tile_A | XE309 | 12 | 110.1 | 29.7 | 1953.1 | {} | null | null"),
            List.of("tile_A:12 | tile_A | XE309 | 12 | 110.1 | 29.7 | {}"),
            List.of("tile_A:12 | S1_GSC | KEEP | null | {} | f1"),
            List.of("S1_GSC | f1 | {} | 1 | 0 | 1 | {}"),
            List.of("tile_A | {\"veto_start_rows\": 40} | null"),
            null, 0, List.of(), List.of(), List.of("tile_A | download | 1", "tile_A | extract | 1"),
            new ArtefactCheck(Map.of("tiles/tile_A/extract/pass2.ldac", "a1b2", "tiles/tile_A/extract/logs/attempt-1/pass2.err",
                    "c3d4"), List.of()),
            Duration.ofSeconds(20));

    @Test
    void aRunEqualToTheBaselineHolds() {
        RunSnapshot retried = with(s -> new RunSnapshot(s.runState(), s.steps(), s.stepRows(), s.candidates(), s.finalCandidates(), s.verdicts(),
                s.ledger(), s.summaries(), s.funnel(), 0, List.of(), List.of("tile_A | extract | 2"), s.completions(),
                new ArtefactCheck(Map.of("tiles/tile_A/extract/pass2.ldac", "a1b2", "tiles/tile_A/extract/logs/attempt-1/pass2.err",
                        "c3d4", "tiles/tile_A/extract/logs/attempt-2/pass2.err", "e5f6"), List.of()), Duration.ofSeconds(40)));
        assertThatCode(() -> RunInvariants.assertHold(retried, BASELINE)).doesNotThrowAnyException();
    }

    @Test
    void anEffectAppliedTwiceFails() {
        RunSnapshot doubled = with(s -> new RunSnapshot(s.runState(), s.steps(), s.stepRows(), s.candidates(), s.finalCandidates(), s.verdicts(),
                List.of("S1_GSC | f1 | {} | 2 | 0 | 2 | {}"), s.summaries(), s.funnel(), 0, List.of(), List.of(),
                s.completions(), s.artefacts(), s.took()));
        assertThatThrownBy(() -> RunInvariants.assertHold(doubled, BASELINE)).hasMessageContaining("stage ledger");
    }

    /** Effects written idempotently leave every table as the baseline's: only the count of committed completions shows it. */
    @Test
    void aCompletionCommittedTwiceFailsEvenWhenItsEffectsLookTheSame() {
        RunSnapshot twice = with(s -> new RunSnapshot(s.runState(), s.steps(), s.stepRows(), s.candidates(), s.finalCandidates(), s.verdicts(),
                s.ledger(), s.summaries(), s.funnel(), 0, List.of(), List.of(),
                List.of("tile_A | download | 1", "tile_A | extract | 2"), s.artefacts(), s.took()));
        assertThatThrownBy(() -> RunInvariants.assertHold(twice, BASELINE)).hasMessageContaining("completions committed")
                .hasMessageContaining("tile_A | extract | 2");
    }

    /** The same file names with other bytes: an artefact replaced by another attempt's, or rewritten. */
    @Test
    void anArtefactWithOtherBytesFails() {
        RunSnapshot replaced = with(s -> new RunSnapshot(s.runState(), s.steps(), s.stepRows(), s.candidates(), s.finalCandidates(), s.verdicts(),
                s.ledger(), s.summaries(), s.funnel(), 0, List.of(), List.of(), s.completions(),
                new ArtefactCheck(Map.of("tiles/tile_A/extract/pass2.ldac", "ffff", "tiles/tile_A/extract/logs/attempt-1/pass2.err",
                        "c3d4"), List.of()), s.took()));
        assertThatThrownBy(() -> RunInvariants.assertHold(replaced, BASELINE)).hasMessageContaining("SHA-256")
                .hasMessageContaining("ffff");
    }

    @Test
    void aLostCandidateOrAnUnfinishedStepFails() {
        RunSnapshot lost = with(s -> new RunSnapshot("ACTIVE", s.steps(), List.of("tile_A | download | DONE",
                "tile_A | extract | RETRY"), List.of(), List.of(), List.of(), s.ledger(), s.summaries(), s.funnel(), 0, List.of(),
                List.of(), List.of("tile_A | download | 1"), s.artefacts(), s.took()));
        assertThatThrownBy(() -> RunInvariants.assertHold(lost, BASELINE))
                .hasMessageContaining("candidate table").hasMessageContaining("final candidates").hasMessageContaining("final state").hasMessageContaining("run state");
    }

    @Test
    void aHalfWrittenArtefactOrAMissingOneFails() {
        RunSnapshot torn = with(s -> new RunSnapshot(s.runState(), s.steps(), s.stepRows(), s.candidates(), s.finalCandidates(), s.verdicts(),
                s.ledger(), s.summaries(), s.funnel(), 0, List.of(), List.of(), s.completions(),
                new ArtefactCheck(Map.of("tiles/tile_A/extract/.tmp-pass2.ldac-1", "a1b2"),
                        List.of("tiles/tile_A/extract/.tmp-pass2.ldac-1: a temporary file of an unfinished write")),
                s.took()));
        assertThatThrownBy(() -> RunInvariants.assertHold(torn, BASELINE))
                .hasMessageContaining("half-written").hasMessageContaining("final artefacts");
    }

    @Test
    void aStrandedTaskOrAnUnexpectedDeadLetterFails() {
        RunSnapshot stranded = with(s -> new RunSnapshot(s.runState(), s.steps(), s.stepRows(), s.candidates(), s.finalCandidates(),
                s.verdicts(), s.ledger(), s.summaries(), s.funnel(), 3, new ArrayList<>(List.of("{\"reason\":\"X\"}")),
                List.of(), s.completions(), s.artefacts(), s.took()));
        assertThatThrownBy(() -> RunInvariants.assertHold(stranded, BASELINE))
                .hasMessageContaining("never published").hasMessageContaining("dead letters");
        assertThatCode(() -> RunInvariants.assertHold(with(s -> new RunSnapshot(s.runState(), s.steps(), s.stepRows(),
                s.candidates(), s.finalCandidates(), s.verdicts(), s.ledger(), s.summaries(), s.funnel(), 0, List.of("{\"reason\":\"X\"}"),
                List.of(), s.completions(), s.artefacts(), s.took())), BASELINE, 1)).doesNotThrowAnyException();
    }

    private static RunSnapshot with(UnaryOperator<RunSnapshot> change) {
        return change.apply(BASELINE);
    }
}
