package org.vasco.coordinator.finalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunFinaliserTest {

    @Test
    void crossPlateDuplicatesAreMergedIntoTheSmallerIdAndA03ArcsecPairIsNot() throws Exception {
        FinaliseFixture f = new FinaliseFixture("fin").seedComplete();
        RunFinaliser finaliser = new RunFinaliser(f.db);

        RunFinaliser.Finalised done = finaliser.finalise(f.runId).orElseThrow();

        assertThat(done.dedup()).isEqualTo(new S0Dedup.Outcome(4, 1, 1));
        assertThat(marks(f)).containsExactlyInAnyOrder(
                new String[] {f.representative(), null, "{" + f.duplicate() + "}"},
                new String[] {f.duplicate(), f.representative(), null},
                new String[] {f.a(2), null, null},
                new String[] {f.a(3), null, null},
                // the late cuts' rejects take no part: A:0, 0.05″ from A:1 with the smallest id, is no representative
                new String[] {f.a(0), null, null},
                new String[] {f.a(9), null, null});
        String[] run = f.query("SELECT state, completed_at IS NOT NULL, finalised_at IS NOT NULL FROM run WHERE run_id = ?",
                f.runId).get(0);
        assertThat(run).containsExactly("FINALISED", "t", "t");
    }

    @Test
    void dedupIsIdempotentAndAFinalisedRunIsNotFinalisedAgain() throws Exception {
        FinaliseFixture f = new FinaliseFixture("fin-idem").seedComplete();
        RunFinaliser finaliser = new RunFinaliser(f.db);
        finaliser.finalise(f.runId).orElseThrow();
        List<String[]> first = marks(f);

        S0Dedup.Outcome again = f.db.inTransaction((Connection c) -> S0Dedup.apply(c, f.runId));

        assertThat(again).isEqualTo(new S0Dedup.Outcome(4, 1, 1));
        assertThat(marks(f)).containsExactlyInAnyOrderElementsOf(first);
        assertThat(finaliser.finaliseDueRuns()).extracting(RunFinaliser.Finalised::runId).doesNotContain(f.runId);
    }

    @Test
    void anIncompleteRunIsNotFinalisedAndItsReportListsTheUnfinishedTile() throws Exception {
        FinaliseFixture f = new FinaliseFixture("fin-open").seedIncomplete();

        assertThat(new RunFinaliser(f.db).finalise(f.runId)).isEmpty();
        RunReport report = new FunnelQuery(f.db).report(f.runId);

        assertThat(f.query("SELECT state FROM run WHERE run_id = ?", f.runId).get(0)[0]).isEqualTo("ACTIVE");
        assertThat(report).isInstanceOf(RunReport.Incomplete.class);
        RunReport.Incomplete incomplete = (RunReport.Incomplete) report;
        assertThat(incomplete.tiles()).isEqualTo(2);
        assertThat(incomplete.unfinished()).containsExactly(
                new UnfinishedTiles.UnfinishedTile(f.tileEmpty, "XE002", "veto", "RUNNING"));
    }

    @Test
    void theFunnelCountsDoneTilesPerPlateWithTheEmptyTileValidAndTheFailedTileNamed() throws Exception {
        FinaliseFixture f = new FinaliseFixture("fin-funnel").seedComplete();
        new RunFinaliser(f.db).finalise(f.runId).orElseThrow();

        Funnel funnel = ((RunReport.Complete) new FunnelQuery(f.db).report(f.runId)).funnel();

        assertThat(funnel.state()).isEqualTo("FINALISED");
        assertThat(funnel.postStages()).containsExactly("S0M_MORPH", "S1_GSC");
        // The failed tile's stray summary (999s) is not counted; the empty tile's counters are.
        assertThat(funnel.run()).isEqualTo(new Funnel.Counts(null, 4, 3, 1, 1, 0, 220, 80, 40, 20, 7, 4, 3,
                Map.of("S0M_MORPH", 2L, "S1_GSC", 1L), 1));
        boolean repOnA = f.representative().equals(f.a(1));
        assertThat(funnel.plates()).extracting(Funnel.Counts::plateId).containsExactlyInAnyOrder("XE002", f.plateB);
        Funnel.Counts xe002 = funnel.plates().stream().filter(p -> p.plateId().equals("XE002")).findFirst().orElseThrow();
        Funnel.Counts other = funnel.plates().stream().filter(p -> p.plateId().equals(f.plateB)).findFirst().orElseThrow();
        assertThat(xe002).isEqualTo(new Funnel.Counts("XE002", 3, 2, 1, 1, 0, 170, 50, 25, 12, 5, 3, repOnA ? 3 : 2,
                Map.of("S0M_MORPH", repOnA ? 2L : 1L, "S1_GSC", repOnA ? 1L : 0L), repOnA ? 1 : 0));
        assertThat(other).isEqualTo(new Funnel.Counts(f.plateB, 1, 1, 0, 0, 0, 50, 30, 15, 8, 2, 1, repOnA ? 0 : 1,
                Map.of("S0M_MORPH", repOnA ? 0L : 1L, "S1_GSC", repOnA ? 0L : 1L), repOnA ? 0 : 1));
        assertThat(funnel.failedTiles()).containsExactly(new Funnel.TileOutcome(f.tileFailed, "XE002", "extract",
                "PSF_FAILED", "PSFEx found no usable stars"));
        assertThat(funnel.skippedTiles()).isEmpty();
    }

    @Test
    void aTileFinishingAgainAfterFinalisationMakesTheRunDueWhateverTheCoordinatorsClock() throws Exception {
        FinaliseFixture f = new FinaliseFixture("fin-clock").seedComplete();
        // The finaliser has no clock of its own: before, one an hour ahead of the database's (Clock.offset) stamped
        // finalised_at an hour late, and the tile below finishing again went unnoticed.
        RunFinaliser finaliser = new RunFinaliser(f.db);
        finaliser.finalise(f.runId).orElseThrow();

        // A retried tile finishes again, stamped by the database's clock.
        f.db.inTransaction(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE run_tile SET finished_at = now()"
                    + " WHERE run_id = ? AND tile_id = ? AND step = 'veto'")) {
                ps.setString(1, f.runId);
                ps.setString(2, f.tileA);
                return ps.executeUpdate();
            }
        });

        assertThat(finaliser.finaliseDueRuns()).extracting(RunFinaliser.Finalised::runId).contains(f.runId);
    }

    private static List<String[]> marks(FinaliseFixture f) throws Exception {
        return f.query("SELECT src_id, duplicate_of, merged_ids::text FROM candidate WHERE run_id = ?", f.runId);
    }
}
