package org.vasco.veto.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.db.Database;
import org.vasco.common.detection.Detection;
import org.vasco.common.late.LateCuts;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.StepOutcome;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.LoopbackCdsXmatchServer;
import org.vasco.testkit.archives.LoopbackSkybotServer;
import org.vasco.testkit.archives.LoopbackTapServer;
import org.vasco.testkit.archives.ServiceFault;
import org.vasco.testkit.archives.SkyArchives;
import org.vasco.testkit.services.SharedServices;
import org.vasco.testkit.sky.Pass2Ldac;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;
import org.vasco.veto.ReleaseChain;
import org.vasco.veto.VetoSettings;
import org.vasco.common.task.ScienceProfile;
import org.vasco.veto.VetoWorker;
import org.vasco.veto.chain.VetoRows;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.GscStage;

/**
 * The veto step on seeded candidates of a synthetic tile, with the release chain built from settings that point
 * at stand-ins holding what the real surveys would of that tile (S0M/S0S need SExtractor catalogues and VSX an
 * import, so they are off here; S6 runs).
 */
class VetoTileStageTest {

    static final String PLATE = "XE258";
    static SkyTile tile;
    static LoopbackCdsXmatchServer cds;
    static LoopbackSkybotServer skybot;
    static LoopbackTapServer gavo;
    static LoopbackTapServer irsa;
    static VetoTileStage stage;
    static VetoSettings settings;
    static Database database;
    static ArtefactStore store;

    @BeforeAll
    static void renderAndServe() {
        tile = SyntheticSky.withSeed(42).withSizeArcmin(20).withAsteroidCount(3)
                .render(TileId.of("tile_RA130.013_DECp33.081"), PLATE);
        cds = new LoopbackCdsXmatchServer(Map.of(GscStage.VIZIER_TABLE, SkyArchives.gsc(tile)));
        skybot = new LoopbackSkybotServer(SkyArchives.skybot(tile));
        gavo = new LoopbackTapServer("/tap/sync", Map.of("supercosmos.sources", SkyArchives.supercosmos(tile)));
        irsa = new LoopbackTapServer("/TAP/sync", Map.of("ptf_objects", SkyArchives.ptf(tile)));
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
        settings = VetoSettings.from(SharedServices.get().environment(env));
        stage = new VetoTileStage(database, store, LateCuts.reference(), ReleaseChain.build(settings, new StoredPsfStars(null), new StoredTilePixels(null),
                database.dataSource(), new SimpleMeterRegistry()));
    }

    @AfterAll
    static void stop() {
        cds.close();
        skybot.close();
        gavo.close();
        irsa.close();
    }

    @Test
    void theChainsVerdictsAndLedgersCommitWithTheStep() throws Exception {
        Map<String, TruthKind> kinds = new HashMap<>();
        String run = seed(kinds);
        int total = kinds.size();
        // the vanishing sources, and the fast asteroids the reference's SkyBoT epoch (DATE-OBS) misses
        int vanishing = VetoRows.referenceSurvivors(tile, 5.0);
        assertThat(vanishing).isGreaterThan(tile.truth(TruthKind.VANISHING).size());

        StageResult result = stage.run(context(run));

        assertThat(result.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(result.metrics()).containsEntry("candidates", total).containsEntry("survivors", vanishing)
                .containsEntry("S1_GSC.input", total).containsEntry("S6_DEC.kept", vanishing);
        for (String s : List.of("S1_GSC", "S2_SKYBOT", "S3_SCOS", "S4_PTF", "S6_DEC")) {
            assertThat((int) result.metrics().get(s + ".kept") + (int) result.metrics().get(s + ".rejected"))
                    .as(s).isEqualTo(result.metrics().get(s + ".input"));
        }
        try (Connection c = database.connection()) {
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ?", run))
                    .as("nothing is written before the step's transaction").isZero();
        }
        database.inTransaction(c -> {
            for (StageResult.DbEffect effect : result.effects()) {
                effect.apply(c);
            }
            return null;
        });

        try (Connection c = database.connection()) {
            long flags = VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ?", run);
            long reachedStages = List.of("S1_GSC", "S2_SKYBOT", "S3_SCOS", "S4_PTF", "S6_DEC").stream()
                    .mapToLong(s -> (int) result.metrics().get(s + ".input")).sum();
            assertThat(flags).isEqualTo(reachedStages);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM stage_ledger WHERE run_id = ?", run)).isEqualTo(5);
            assertThat(VetoRows.count(c, "SELECT input_rows FROM stage_ledger WHERE run_id = ? AND stage = 'S1_GSC'", run))
                    .isEqualTo(total);
            assertThat(VetoRows.count(c, "SELECT kept_rows FROM stage_ledger WHERE run_id = ? AND stage = 'S6_DEC'", run))
                    .isEqualTo(vanishing);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ? AND stage = 'S6_DEC' "
                    + "AND verdict = 'KEEP'", run)).isEqualTo(vanishing);
        }

        int requests = cds.requests() + skybot.requests() + gavo.requests() + irsa.requests();
        StageResult again = stage.run(context(run));
        assertThat(again.metrics()).containsEntry("survivors", vanishing).containsEntry("S1_GSC.reused", total);
        assertThat(cds.requests() + skybot.requests() + gavo.requests() + irsa.requests())
                .as("committed verdicts are re-used").isEqualTo(requests);
    }

    @Test
    void aTileWithoutCandidatesIsDoneWithZeros() throws Exception {
        String run;
        try (Connection c = database.connection()) {
            run = VetoRows.newRun(c, List.of());
        }
        int requests = cds.requests() + skybot.requests() + gavo.requests() + irsa.requests();
        StageResult result = stage.run(context(run));
        assertThat(result.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(result.metrics()).containsEntry("candidates", 0).containsEntry("survivors", 0)
                .containsEntry("S1_GSC.input", 0);
        assertThat(result.effects()).as("only the late cuts' zero counters for the tile summary").hasSize(1);
        assertThat(cds.requests() + skybot.requests() + gavo.requests() + irsa.requests()).isEqualTo(requests);
    }

    @Test
    void aServiceFailingEveryAttemptFailsTheAttemptAndKeepsNobody() throws Exception {
        String run = seed(new HashMap<>());
        gavo.failWith(ServiceFault.HTTP_500, Integer.MAX_VALUE);
        try {
            assertThatThrownBy(() -> stage.run(context(run)))
                    .isInstanceOfSatisfying(TransientStageException.class,
                            e -> assertThat(e.reason()).isEqualTo("VETO_S3_SCOS"))
                    .hasMessageContaining("500");
        } finally {
            gavo.heal();
        }
        try (Connection c = database.connection()) {
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ?", run)).isZero();
            assertThat(VetoRows.count(c, "SELECT count(*) FROM stage_ledger WHERE run_id = ?", run)).isZero();
        }
    }

    @Test
    void theLateCutsRunFirstOnTheMeasuredColumnsAndOnlyTheirSurvivorsReachThePostStages() throws Exception {
        Map<String, TruthKind> kinds = new HashMap<>();
        String run = seed(kinds);
        List<Candidate> candidates;
        try (Connection c = database.connection()) {
            candidates = org.vasco.veto.chain.CandidateRows.ofTile(c, run, tile.tileId().toString());
        }
        // one candidate with FLAGS 4, and one next to an r = 10 star (the CONST rule) with no other candidate within
        // the spike search radius of that star
        String flagged = candidates.get(0).srcId();
        String spiked = candidates.stream().skip(1).filter(a -> candidates.stream().noneMatch(b -> b != a
                && org.vasco.common.sky.SkyGeometry.separationArcsec(a.raDeg(), a.decDeg(), b.raDeg(), b.decDeg()) < 150))
                .findFirst().orElseThrow().srcId();
        List<Detection> measured = new ArrayList<>();
        Candidate spikedCandidate = null;
        for (Candidate cand : candidates) {
            int flags = cand.srcId().equals(flagged) ? 4 : 0;
            measured.add(new Detection(cand.objectNumber(), flags, 100, 100, 100, 100, 1.1, 3.0, 98, 103, 98, 103,
                    cand.raDeg(), cand.decDeg(), cand.raDeg(), cand.decDeg(), cand.raDeg(), cand.decDeg(), 1e4, 15.0, 0.9, 0.05,
                    0.0, 0.001, 100.0 + cand.objectNumber(), 1e4));
            if (cand.srcId().equals(spiked)) {
                spikedCandidate = cand;
            }
        }
        Pass2Ldac.write(store.tileArea(tile.tileId(), TileArea.EXTRACT).resolve("pass2.ldac"), measured);
        String[] star = {Double.toString(spikedCandidate.raDeg()), Double.toString(spikedCandidate.decDeg() + 30.0 / 3600), "10.0"};
        store.writeAtomically(store.catalogNeighbourhood(Catalogue.PS1_BRIGHT.label(), tile.tileId()),
                out -> NeighbourhoodCsv.write(Catalogue.PS1_BRIGHT, List.<String[]>of(star), out));
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tile_summary (run_id, tile_id, counters) VALUES (?, ?, '{\"veto_after_usnob_rows\": 99}'::jsonb)")) {
            ps.setString(1, run);
            ps.setString(2, tile.tileId().toString());
            ps.executeUpdate();
        }

        StageResult result = stage.run(context(run));
        database.inTransaction(c -> {
            for (StageResult.DbEffect effect : result.effects()) {
                effect.apply(c);
            }
            return null;
        });

        int total = kinds.size();
        assertThat(result.metrics()).containsEntry("veto_survivors", total).containsEntry("late_kept_hard_gates", total - 1)
                .containsEntry("tile_survivors", total - 2).containsEntry("candidates", total - 2)
                .containsEntry("S1_GSC.input", total - 2);
        try (Connection c = database.connection()) {
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ? AND src_id = ? AND stage = 'LATE'"
                    + " AND verdict = 'REJECT' AND reason = 'flags'", run, flagged)).isEqualTo(1);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ? AND src_id = ? AND stage = 'SPIKE'"
                    + " AND verdict = 'REJECT' AND reason = 'CONST' AND (details->>'spike_m_near')::float = 10"
                    + " AND abs((details->>'spike_d_arcmin')::float - 0.5) < 0.01", run, spiked)).isEqualTo(1);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ? AND src_id IN (?, ?)"
                    + " AND stage NOT IN ('LATE', 'SPIKE')", run, flagged, spiked)).as("no post stage judged them").isZero();
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate WHERE run_id = ?"
                    + " AND (measurements->>'SNR_WIN')::float = 100 + object_number"
                    + " AND measurements->>'SPREAD_MODEL' IS NOT NULL", run))
                    .as("every candidate carries its measured columns").isEqualTo(total);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate WHERE run_id = ? AND src_id = ?"
                    + " AND measurements->>'spike_reason' = 'CONST'", run, spiked)).isEqualTo(1);
            assertThat(VetoRows.count(c, "SELECT (counters->>'survivors')::int * 1000 + (counters->>'spikes_rejected')::int * 100"
                    + " + (counters->>'late_reject_flags')::int * 10 + (counters->>'bright_stars')::int FROM tile_summary"
                    + " WHERE run_id = ?", run)).isEqualTo((total - 2) * 1000L + 100 + 10 + 1);
            assertThat(VetoRows.count(c, "SELECT (counters->>'veto_after_usnob_rows')::int FROM tile_summary WHERE run_id = ?", run))
                    .as("the xmatch step's counters stay").isEqualTo(99);
        }
    }

    /** A run with the tile's vanishing sources, artefacts, asteroids and five plain stars as candidates. */
    private static String seed(Map<String, TruthKind> kinds) throws Exception {
        List<TruthObject> picked = new ArrayList<>();
        picked.addAll(tile.truth(TruthKind.VANISHING));
        picked.addAll(tile.truth(TruthKind.ARTEFACT));
        picked.addAll(tile.truth(TruthKind.ASTEROID));
        picked.addAll(tile.truth(TruthKind.STAR).stream().filter(t -> t.detail().isEmpty()).limit(5).toList());
        String tileId = tile.tileId().toString();
        List<Candidate> batch = new ArrayList<>();
        int n = 1;
        for (TruthObject t : picked) {
            Candidate cand = new Candidate(tileId + ":" + n++, tileId, PLATE, t.raDeg(), t.decDeg(),
                    tile.plateEpoch().decimalYear(), Double.NaN, Map.of());
            batch.add(cand);
            kinds.put(cand.srcId(), t.kind());
        }
        try (Connection c = database.connection()) {
            String run = VetoRows.newRun(c, batch);
            VetoRows.measure(store, batch);
            // SkyBoT's epoch comes from the tile's download record.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tile_download (tile_id, fits_path, sha256, bytes, "
                    + "mjd_obs, epoch_year) VALUES (?, 'raw/x.fits', 'x', 1, ?, ?) ON CONFLICT (tile_id) DO NOTHING")) {
                ps.setString(1, tileId);
                ps.setDouble(2, tile.plateEpoch().mjd());
                ps.setDouble(3, tile.plateEpoch().decimalYear());
                ps.executeUpdate();
            }
            return run;
        }
    }

    private static StageContext context(String run) {
        TileTask task = new TileTask(TileTask.SCHEMA, run, tile.tileId(), PLATE, tile.centreRaDeg(),
                tile.centreDecDeg(), Step.VETO, 1, "trace-" + run);
        return new StageContext(task, 1, Clock.systemUTC());
    }

    @Test
    void aRunOfTheCorrectedProfileAsksSkybotAtMidExposureAndLosesNoAsteroid() throws Exception {
        String run = seed(new HashMap<>());
        try (Connection c = database.connection();
             PreparedStatement profile = c.prepareStatement("UPDATE run SET profile = 'corrected' WHERE run_id = ?");
             PreparedStatement exposure = c.prepareStatement("UPDATE plate SET exposure_min = ? WHERE plate_id = ?")) {
            profile.setString(1, run);
            profile.executeUpdate();
            exposure.setDouble(1, tile.plate().exposureMin());
            exposure.setString(2, PLATE);
            exposure.executeUpdate();
        }
        Map<ScienceProfile, ProfileScience> sciences = VetoWorker.sciences(settings, LateCuts.reference(), store,
                database.dataSource(), new SimpleMeterRegistry());
        VetoTileStage byProfile = new VetoTileStage(database, store, sciences,
                new CandidateBatcher(VetoTileStage.judgeWith(database, sciences), Duration.ZERO, 1));
        TileTask task = new TileTask(TileTask.SCHEMA, run, tile.tileId(), PLATE, tile.centreRaDeg(),
                tile.centreDecDeg(), Step.VETO, 1, "trace-" + run);

        StageResult result = byProfile.run(new StageContext(task, 1, Clock.systemUTC(), List.of(Step.VETO),
                ScienceProfile.CORRECTED));

        assertThat(tile.asteroids()).hasSize(3);
        assertThat(result.metrics()).as("every asteroid is where SkyBoT puts it at mid-exposure")
                .containsEntry("survivors", tile.truth(TruthKind.VANISHING).size())
                .containsEntry("S2_SKYBOT.rejected", tile.asteroids().size());
    }
}
