package org.vasco.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.late.LateCuts;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.coordinator.finalise.Funnel;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.TileSelection;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.SyntheticSkyArchives;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.veto.VetoSettings;

/**
 * The fast path's proof in the cluster (issue #10 item 1): the same synthetic tiles, same seed, through the real
 * local cluster (Kafka, claims, storage, database, SExtractor/PSFEx, the loopback archives) once in FULL and once in
 * FAST mode give identical candidate tables — src_id, position, every measured column, S0 marks, every verdict of
 * the late cuts and the post stages with its reason and details — identical tile counters and identical funnels.
 * <p>
 * S0M and S0S are on: both read reference stars of the whole tile, which the fast path provides by construction —
 * S0M's PSF stars because the xmatch step lists every position-pass detection that can be one by position
 * ({@code psf_reference.csv}) and the measure step measures them with the survivors, S0S's neighbours (NUMBER,
 * XWIN/YWIN_IMAGE, FLUX_AUTO) because the position pass carries those PSF-independent columns for every object.
 * The test also checks that both stages judged with real material (S0M from PSF stars, not "psf_insufficient").
 */
class RunModeEquivalenceTest {

    private static final String PLATE = "XE309";
    private static final int TILES = 2;
    private static final double SIZE_ARCMIN = 10;
    private static final Map<String, Object> PARAMETERS = Map.of("plate", PLATE, "mode_equivalence", true);

    @Test
    void fullAndFastRunsOfTheSameTilesAgreeRowForRow(@TempDir Path root) throws Exception {
        SyntheticSky sky = SyntheticSky.withSeed(1);
        PlateCatalogue plates = PlateCatalogue.bundled();
        List<PlanTile> tiles = new TileSelection(plates, TessellationPlan.generate(plates)).ofPlate(PLATE, TILES);
        try (SyntheticArchives archives = SyntheticSkyArchives.start(sky.withSizeArcmin(SIZE_ARCMIN))) {
            Environment env = Environment.of(Map.of()).withAll(archives.environment())
                    .with(VetoSettings.MORPH_ENABLED.name(), "true")
                    .with(VetoSettings.SHAPE_ENABLED.name(), "true")
                    // each tile judged alone: no waiting for a batch of a two-tile run
                    .with(VetoSettings.BATCH_WINDOW.name(), "0s");
            try (LocalCluster cluster = LocalCluster.start(root.resolve(".vasco"), StageRegistry.bundled(), env, 1);
                 Database db = Database.open(JdbcConnection.from(cluster.environment()), "mode-equivalence")) {
                // one after the other: both modes write the tiles' artefacts in the same place
                RunOutcome fullRun = RunOutcome.run(db, "eq-full", RunMode.FULL, tiles, PARAMETERS);
                RunOutcome fastRun = RunOutcome.run(db, "eq-fast", RunMode.FAST, tiles, PARAMETERS);
                Funnel full = fullRun.funnel();
                Funnel fast = fastRun.funnel();

                assertThat(RunOutcome.rows(db, "SELECT count(*) FROM run_tile WHERE run_id = ? AND step = 'measure' AND state = 'DONE'",
                        "eq-fast")).containsExactly(List.of(Integer.toString(TILES)));
                assertThat(RunOutcome.rows(db, "SELECT count(*) FROM run_tile WHERE run_id = ? AND step = 'measure'"
                        + " AND (metrics->>'psf_reference_in')::int > 0"
                        + " AND (metrics->>'measured')::int > (metrics->>'survivors_in')::int", "eq-fast"))
                        .as("the measure step measured PSF stars besides the survivors").containsExactly(List.of(Integer.toString(TILES)));
                List<List<String>> fullCandidates = fullRun.candidates();
                assertThat(fullCandidates).as("a test that compares nothing proves nothing").isNotEmpty();
                assertThat(fastRun.candidates()).isEqualTo(fullCandidates);
                List<List<String>> fullFlags = fullRun.flags();
                assertThat(fullFlags).extracting(f -> f.get(1)).as("verdicts of the late cuts and the post stages")
                        .contains(LateCuts.LATE_STAGE);
                assertThat(fullFlags).as("S0M judged against PSF stars")
                        .anySatisfy(f -> assertThat(f.get(1) + " " + f.get(4)).startsWith("S0M").contains("psf_fwhm_median"));
                assertThat(fullFlags).as("S0S compared profiles with neighbour stars")
                        .anySatisfy(f -> assertThat(f.get(1) + " " + f.get(4)).startsWith("S0S").containsPattern("\"stars_used\": [1-9]"));
                assertThat(fastRun.flags()).isEqualTo(fullFlags);
                assertThat(fastRun.summaries()).isEqualTo(fullRun.summaries());
                assertThat(fast.run()).isEqualTo(full.run());
                assertThat(fast.plates()).isEqualTo(full.plates());
                assertThat(fast.postStages()).isEqualTo(full.postStages());
                assertThat(full.failedTiles()).isEmpty();
                assertThat(fast.failedTiles()).isEmpty();
            }
        }
    }
}
