package org.vasco.veto.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.db.Database;
import org.vasco.common.late.LateCuts;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.StepOutcome;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.LoopbackCdsXmatchServer;
import org.vasco.testkit.archives.LoopbackSkybotServer;
import org.vasco.testkit.archives.LoopbackTapServer;
import org.vasco.testkit.archives.ServiceFault;
import org.vasco.testkit.archives.SkyArchives;
import org.vasco.testkit.services.SharedServices;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;
import org.vasco.veto.ReleaseChain;
import org.vasco.veto.VetoSettings;
import org.vasco.veto.chain.VetoChainRunner;
import org.vasco.veto.chain.VetoRows;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.GscStage;

/**
 * The batch window across tiles: the candidates of one synthetic sky tile are split between two tiles of a run
 * (both in one SkyBoT field), judged by the release chain (remote stages and S6) against counting stand-ins.
 */
class CandidateBatcherTest {

    static final String PLATE = "XE258";
    static final String[] TILES = {"tile_RA130.013_DECp33.081", "tile_RA130.014_DECp33.082"};
    static SkyTile sky;
    static LoopbackCdsXmatchServer cds;
    static LoopbackSkybotServer skybot;
    static LoopbackTapServer gavo;
    static LoopbackTapServer irsa;
    static VetoChainRunner chain;
    static Database database;
    static ArtefactStore store;

    @BeforeAll
    static void renderAndServe() {
        sky = SyntheticSky.withSeed(42).withSizeArcmin(20).withAsteroidCount(3).render(TileId.of(TILES[0]), PLATE);
        cds = new LoopbackCdsXmatchServer(Map.of(GscStage.VIZIER_TABLE, SkyArchives.gsc(sky)));
        skybot = new LoopbackSkybotServer(SkyArchives.skybot(sky));
        gavo = new LoopbackTapServer("/tap/sync", Map.of("supercosmos.sources", SkyArchives.supercosmos(sky)));
        irsa = new LoopbackTapServer("/TAP/sync", Map.of("ptf_objects", SkyArchives.ptf(sky)));
        Map<String, String> env = new HashMap<>();
        env.put(VetoSettings.MORPH_ENABLED.name(), "false");
        env.put(VetoSettings.SHAPE_ENABLED.name(), "false");
        env.put(VetoSettings.VSX_ENABLED.name(), "false");
        env.put(VetoSettings.CDS_XMATCH_URL.name(), cds.syncUri().toString());
        env.put(VetoSettings.SKYBOT_URL.name(), skybot.conesearchUri().toString());
        env.put(VetoSettings.GAVO_TAP_URL.name(), gavo.syncUri().toString());
        env.put(VetoSettings.IRSA_TAP_URL.name(), irsa.syncUri().toString());
        env.put(VetoSettings.HTTP_ATTEMPTS.name(), "2");
        env.put(VetoSettings.HTTP_BACKOFF.name(), "5ms");
        env.put(VetoSettings.HTTP_TIMEOUT.name(), "5s");
        env.put(VetoSettings.REQUESTS_PER_SECOND.name(), "1000");
        database = SharedServices.get().database();
        store = VetoRows.store();
        VetoSettings settings = VetoSettings.from(SharedServices.get().environment(env));
        chain = ReleaseChain.build(settings, new StoredPsfStars(null), new StoredTilePixels(null), database.dataSource(),
                new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        cds.close();
        skybot.close();
        gavo.close();
        irsa.close();
    }

    @Test
    void twoTilesInOneWindowShareEachServiceRequestAndCommitOnlyTheirOwnVerdicts() throws Exception {
        Map<String, List<String>> own = new HashMap<>();
        String run = seed(own);
        int total = own.get(TILES[0]).size() + own.get(TILES[1]).size();
        // The window is long; the batch closes because it is full, i.e. exactly when both tiles are in.
        try (CandidateBatcher batcher = batcher(Duration.ofSeconds(60), total)) {
            VetoTileStage stage = new VetoTileStage(database, store, LateCuts.reference(), chain, batcher);
            int[] before = requests();
            CompletableFuture<StageResult> a = runAsync(stage, run, TILES[0]);
            CompletableFuture<StageResult> b = runAsync(stage, run, TILES[1]);
            StageResult resultA = a.get();
            StageResult resultB = b.get();

            int[] after = requests();
            for (int i = 0; i < after.length; i++) {
                assertThat(after[i] - before[i]).as("requests to stand-in %d", i).isEqualTo(1);
            }
            assertThat(resultA.outcome()).isEqualTo(StepOutcome.DONE);
            assertThat(resultA.metrics()).containsEntry("candidates", own.get(TILES[0]).size())
                    .containsEntry("S1_GSC.input", own.get(TILES[0]).size());
            assertThat(resultB.metrics()).containsEntry("candidates", own.get(TILES[1]).size())
                    .containsEntry("S1_GSC.input", own.get(TILES[1]).size());

            apply(resultA);
            assertThat(flaggedSources(run)).isNotEmpty().allMatch(id -> own.get(TILES[0]).contains(id));
            apply(resultB);
            assertThat(flaggedSources(run)).containsAll(own.get(TILES[1]));
            try (Connection c = database.connection()) {
                assertThat(VetoRows.count(c, "SELECT input_rows FROM stage_ledger WHERE run_id = ? AND stage = 'S1_GSC'",
                        run)).as("the run's ledger counts both tiles").isEqualTo(total);
                long survivors = (int) resultA.metrics().get("survivors") + (int) resultB.metrics().get("survivors");
                // the vanishing sources, and the fast asteroids the reference's SkyBoT epoch (DATE-OBS) misses
                assertThat(survivors).isEqualTo(VetoRows.referenceSurvivors(sky, 5.0));
                assertThat(VetoRows.count(c, "SELECT kept_rows FROM stage_ledger WHERE run_id = ? AND stage = 'S6_DEC'",
                        run)).isEqualTo(survivors);
            }
        }
    }

    @Test
    void theBatchClosesWhenEveryTileOfTheRunStillInThePipelineHasJoinedNotAtTheEndOfItsWindow() throws Exception {
        Map<String, List<String>> own = new HashMap<>();
        String run = seed(own);
        // Both tiles are in the veto step and no other tile of the run is anywhere in the pipeline.
        try (Connection c = database.connection()) {
            for (String tile : TILES) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO run_tile (run_id, tile_id, step, state) VALUES (?, ?, 'veto', 'RUNNING')")) {
                    ps.setString(1, run);
                    ps.setString(2, tile);
                    ps.executeUpdate();
                }
            }
        }
        // An hour's window and no size limit: only the run's tail can close this batch within the test.
        try (CandidateBatcher batcher = new CandidateBatcher(VetoTileStage.judgeWith(database, chain), Duration.ofHours(1),
                100_000, new RunTailQuery(database))) {
            VetoTileStage stage = new VetoTileStage(database, store, LateCuts.reference(), chain, batcher);
            int before = cds.requests();
            CompletableFuture<StageResult> a = runAsync(stage, run, TILES[0]);
            await().atMost(Duration.ofSeconds(30)).until(() -> batcher.waitingTiles(run) == 1);
            assertThat(a).as("the other tile of the run is still to come").isNotDone();
            CompletableFuture<StageResult> b = runAsync(stage, run, TILES[1]);

            StageResult resultA = a.get(60, TimeUnit.SECONDS);
            StageResult resultB = b.get(60, TimeUnit.SECONDS);
            assertThat(resultA.outcome()).isEqualTo(StepOutcome.DONE);
            assertThat(resultB.outcome()).isEqualTo(StepOutcome.DONE);
            assertThat(cds.requests() - before).as("one request for both tiles").isEqualTo(1);
            double waitedA = (double) resultA.metrics().get(VetoTileStage.BATCH_WAIT_SECONDS);
            double waitedB = (double) resultB.metrics().get(VetoTileStage.BATCH_WAIT_SECONDS);
            assertThat(waitedA).as("the first tile waited for the second to join").isPositive().isGreaterThan(waitedB);
        }
    }

    @Test
    void aZeroWindowAsksOncePerTile() throws Exception {
        String run = seed(new HashMap<>());
        try (CandidateBatcher batcher = batcher(Duration.ZERO, 1)) {
            VetoTileStage stage = new VetoTileStage(database, store, LateCuts.reference(), chain, batcher);
            int before = cds.requests();
            StageResult first = stage.run(context(run, TILES[0]));
            assertThat(first.outcome()).isEqualTo(StepOutcome.DONE);
            assertThat(first.metrics()).as("no window, no waiting").containsEntry(VetoTileStage.BATCH_WAIT_SECONDS, 0.0);
            assertThat(stage.run(context(run, TILES[1])).outcome()).isEqualTo(StepOutcome.DONE);
            assertThat(cds.requests() - before).isEqualTo(2);
        }
    }

    @Test
    void aServiceFailingEveryAttemptFailsEveryTileOfTheBatch() throws Exception {
        Map<String, List<String>> own = new HashMap<>();
        String run = seed(own);
        int total = own.get(TILES[0]).size() + own.get(TILES[1]).size();
        gavo.failWith(ServiceFault.HTTP_500, Integer.MAX_VALUE);
        try (CandidateBatcher batcher = batcher(Duration.ofSeconds(60), total)) {
            VetoTileStage stage = new VetoTileStage(database, store, LateCuts.reference(), chain, batcher);
            int before = gavo.requests();
            CompletableFuture<StageResult> a = runAsync(stage, run, TILES[0]);
            CompletableFuture<StageResult> b = runAsync(stage, run, TILES[1]);
            for (CompletableFuture<StageResult> tile : List.of(a, b)) {
                ExecutionException e = assertThrows(ExecutionException.class, tile::get);
                assertThat(e.getCause()).isInstanceOfSatisfying(TransientStageException.class,
                        t -> assertThat(t.reason()).isEqualTo("VETO_S3_SCOS")).hasMessageContaining("500");
            }
            assertThat(gavo.requests() - before).as("one request, tried twice, for both tiles").isEqualTo(2);
        } finally {
            gavo.heal();
        }
        assertThat(flaggedSources(run)).isEmpty();
    }

    @Test
    void aTileInterruptedWhileWaitingWithdrawsAndTheOtherIsJudgedAlone() throws Exception {
        Map<String, List<String>> own = new HashMap<>();
        String run = seed(own);
        // The window is long enough for the interruption to land while the batch is open; B then waits it out alone.
        try (CandidateBatcher batcher = batcher(Duration.ofSeconds(5), 100_000)) {
            VetoTileStage stage = new VetoTileStage(database, store, LateCuts.reference(), chain, batcher);
            CompletableFuture<StageResult> a = new CompletableFuture<>();
            Thread threadA = new Thread(() -> {
                try {
                    a.complete(stage.run(context(run, TILES[0])));
                } catch (Throwable t) {
                    a.completeExceptionally(t);
                }
            });
            threadA.start();
            await().until(() -> batcher.waitingTiles(run) == 1);
            CompletableFuture<StageResult> b = runAsync(stage, run, TILES[1]);
            await().until(() -> batcher.waitingTiles(run) == 2 || b.isDone());
            threadA.interrupt();

            ExecutionException e = assertThrows(ExecutionException.class, a::get);
            assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
            StageResult resultB = b.get();
            assertThat(resultB.outcome()).isEqualTo(StepOutcome.DONE);
            assertThat(resultB.metrics()).containsEntry("candidates", own.get(TILES[1]).size())
                    .containsEntry("S1_GSC.input", own.get(TILES[1]).size());
            apply(resultB);
            assertThat(flaggedSources(run)).isNotEmpty().allMatch(id -> own.get(TILES[1]).contains(id));
        }
    }

    private static CandidateBatcher batcher(Duration window, int maxCandidates) {
        return new CandidateBatcher(VetoTileStage.judgeWith(database, chain), window, maxCandidates);
    }

    private static int[] requests() {
        return new int[] {cds.requests(), skybot.requests(), gavo.requests(), irsa.requests()};
    }

    private static CompletableFuture<StageResult> runAsync(VetoTileStage stage, String run, String tile) {
        CompletableFuture<StageResult> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(stage.run(context(run, tile)));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.start();
        return result;
    }

    private static void apply(StageResult result) throws Exception {
        database.inTransaction(c -> {
            for (StageResult.DbEffect effect : result.effects()) {
                effect.apply(c);
            }
            return null;
        });
    }

    private static List<String> flaggedSources(String run) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT src_id FROM candidate_flag WHERE run_id = ?")) {
            ps.setString(1, run);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * A run with the sky's vanishing sources, artefacts, asteroids and five plain stars as candidates, dealt
     * alternately to the two tiles; {@code own} gets each tile's src_ids.
     */
    private static String seed(Map<String, List<String>> own) throws Exception {
        List<TruthObject> picked = new ArrayList<>();
        picked.addAll(sky.truth(TruthKind.VANISHING));
        picked.addAll(sky.truth(TruthKind.ARTEFACT));
        picked.addAll(sky.truth(TruthKind.ASTEROID));
        picked.addAll(sky.truth(TruthKind.STAR).stream().filter(t -> t.detail().isEmpty()).limit(5).toList());
        List<Candidate> batch = new ArrayList<>();
        int n = 1;
        for (TruthObject t : picked) {
            String tileId = TILES[n % 2];
            Candidate cand = new Candidate(tileId + ":" + n++, tileId, PLATE, t.raDeg(), t.decDeg(),
                    sky.plateEpoch().decimalYear(), Double.NaN, Map.of());
            batch.add(cand);
            own.computeIfAbsent(tileId, k -> new ArrayList<>()).add(cand.srcId());
        }
        try (Connection c = database.connection()) {
            // Two tiles of one plate need distinct plate_tile_idx; newRun would register both as tile 0.
            for (int i = 0; i < TILES.length; i++) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO plate (plate_id, ra_deg, dec_deg) "
                        + "VALUES (?, 150.0, 20.0) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, PLATE);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO tile (tile_id, plate_id, plate_tile_idx, "
                        + "ra_deg, dec_deg, size_arcmin, survey) VALUES (?, ?, ?, 150.0, 20.0, 60, 'poss1_red') "
                        + "ON CONFLICT DO NOTHING")) {
                    ps.setString(1, TILES[i]);
                    ps.setString(2, PLATE);
                    ps.setInt(3, 100 + i);
                    ps.executeUpdate();
                }
            }
            String run = VetoRows.newRun(c, batch);
            VetoRows.measure(store, batch);
            for (String tileId : TILES) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO tile_download (tile_id, fits_path, sha256, "
                        + "bytes, mjd_obs, epoch_year) VALUES (?, 'raw/x.fits', 'x', 1, ?, ?) ON CONFLICT (tile_id) DO NOTHING")) {
                    ps.setString(1, tileId);
                    ps.setDouble(2, sky.plateEpoch().mjd());
                    ps.setDouble(3, sky.plateEpoch().decimalYear());
                    ps.executeUpdate();
                }
            }
            return run;
        }
    }

    private static StageContext context(String run, String tile) {
        TileTask task = new TileTask(TileTask.SCHEMA, run, TileId.of(tile), PLATE, sky.centreRaDeg(), sky.centreDecDeg(), Step.VETO, 1,
                "trace-" + run + "-" + tile);
        return new StageContext(task, 1, Clock.systemUTC());
    }
}
