package org.vasco.veto.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.archives.ArchiveSource;
import org.vasco.testkit.archives.LoopbackCdsXmatchServer;
import org.vasco.testkit.archives.LoopbackSkybotServer;
import org.vasco.testkit.archives.LoopbackTapServer;
import org.vasco.testkit.archives.SkyArchives;
import org.vasco.testkit.services.SharedServices;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;
import org.vasco.veto.remote.CdsXmatchClient;
import org.vasco.veto.remote.SkybotClient;
import org.vasco.veto.remote.StandIns;
import org.vasco.veto.remote.TapUploadClient;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.CandidateVerdict;
import org.vasco.veto.stages.GscStage;
import org.vasco.veto.stages.PtfStage;
import org.vasco.veto.stages.SkybotStage;
import org.vasco.veto.stages.SupercosmosStage;
import org.vasco.veto.stages.Verdict;
import org.vasco.veto.stages.VsxStage;
import org.vasco.veto.vsx.VsxCatalogue;

/**
 * The remote post stages against stand-ins that hold what their real surveys would of a synthetic tile: of
 * the plate's stars, asteroids, scan artefacts and vanishing sources, only the vanishing sources survive.
 */
class SyntheticSkyChainTest {

    static SkyTile tile;
    static LoopbackCdsXmatchServer cds;
    static LoopbackSkybotServer skybot;
    static LoopbackTapServer gavo;
    static LoopbackTapServer irsa;

    @TempDir
    static Path dir;

    @BeforeAll
    static void renderAndServe() {
        tile = SyntheticSky.withSeed(42).withSizeArcmin(20).withAsteroidCount(3)
                .render(TileId.of("tile_RA130.013_DECp33.081"), "XE258");
        cds = new LoopbackCdsXmatchServer(Map.of(GscStage.VIZIER_TABLE, SkyArchives.gsc(tile)));
        skybot = new LoopbackSkybotServer(SkyArchives.skybot(tile));
        gavo = new LoopbackTapServer("/tap/sync", Map.of("supercosmos.sources", SkyArchives.supercosmos(tile)));
        irsa = new LoopbackTapServer("/TAP/sync", Map.of("ptf_objects", SkyArchives.ptf(tile)));
    }

    @AfterAll
    static void stop() {
        cds.close();
        skybot.close();
        gavo.close();
        irsa.close();
    }

    static Candidate candidate(TruthObject t, int number) {
        String tileId = tile.tileId().toString();
        return new Candidate(tileId + ":" + number, tileId, "XE258", t.raDeg(), t.decDeg(),
                tile.plateEpoch().decimalYear(), tile.plateEpoch().jd(), Map.of(), tile.plate().exposureMin());
    }

    @Test
    void onlyTheVanishingSourcesSurvive() throws Exception {
        List<Candidate> batch = new ArrayList<>();
        Map<String, TruthKind> kinds = new java.util.HashMap<>();
        int n = 1;
        List<TruthObject> picked = new ArrayList<>();
        picked.addAll(tile.truth(TruthKind.VANISHING));
        picked.addAll(tile.truth(TruthKind.ARTEFACT));
        picked.addAll(tile.truth(TruthKind.ASTEROID));
        picked.addAll(tile.truth(TruthKind.STAR).stream().filter(t -> t.detail().isEmpty()).limit(5).toList());
        for (TruthObject t : picked) {
            Candidate c = candidate(t, n++);
            batch.add(c);
            kinds.put(c.srcId(), t.kind());
        }
        assertThat(kinds.values()).contains(TruthKind.VANISHING, TruthKind.ARTEFACT, TruthKind.ASTEROID, TruthKind.STAR);

        VetoChainRunner chain = new VetoChainRunner(List.of(
                new GscStage(new CdsXmatchClient(StandIns.client(cds.syncUri(), 1)), 5, 2000),
                // at mid-exposure, where a trail's centre lies (the corrected profile's epoch; the reference asks at
                // DATE-OBS and lets the fast asteroids through, VetoTileStageTest)
                new SkybotStage(new SkybotClient(StandIns.client(skybot.conesearchUri(), 1)), 5, 60, 3600,
                        SkybotStage.Epoch.MID_EXPOSURE),
                new SupercosmosStage(new TapUploadClient(StandIns.client(gavo.syncUri(), 1)), 5, 2000),
                new PtfStage(new TapUploadClient(StandIns.client(irsa.syncUri(), 1)), 5, 2000)));
        try (Connection c = VetoRows.connection()) {
            String run = VetoRows.newRun(c, batch);
            VetoChainRunner.ChainResult result = chain.run(c, run, batch);
            assertThat(result.survivors().stream().map(s -> kinds.get(s.srcId())).collect(Collectors.toSet()))
                    .containsOnly(TruthKind.VANISHING);
            assertThat(result.survivors()).hasSize(tile.truth(TruthKind.VANISHING).size());
            Map<String, String> rejectedBy = new java.util.HashMap<>();
            for (VetoChainRunner.StageOutcome o : result.stages()) {
                assertThat(o.kept() + o.rejected()).isEqualTo(o.input());
            }
            for (Candidate cand : batch) {
                if (kinds.get(cand.srcId()) != TruthKind.VANISHING) {
                    rejectedBy.put(cand.srcId(), firstRejection(c, run, cand.srcId()));
                }
            }
            batch.stream().filter(b -> kinds.get(b.srcId()) == TruthKind.STAR)
                    .forEach(b -> assertThat(rejectedBy.get(b.srcId())).isEqualTo("S1_GSC"));
            // An asteroid or a scan artefact may happen to sit on a star, which GSC removes first.
            assertThat(stagesOf(batch, kinds, rejectedBy, TruthKind.ASTEROID)).contains("S2_SKYBOT")
                    .isSubsetOf("S1_GSC", "S2_SKYBOT");
            assertThat(stagesOf(batch, kinds, rejectedBy, TruthKind.ARTEFACT)).contains("S3_SCOS")
                    .isSubsetOf("S1_GSC", "S3_SCOS");
        }
    }

    @Test
    void theSyntheticVariablesAreKnownToVsx() throws Exception {
        List<ArchiveSource> variables = SkyArchives.variables(tile, 3);
        assertThat(variables).hasSize(3);
        Path csv = dir.resolve("synthetic_vsx.csv");
        Files.writeString(csv, SkyArchives.vsxCsv(variables));
        VsxCatalogue vsx = new VsxCatalogue(SharedServices.get().database().dataSource());
        vsx.importFile(csv, "synthetic");
        VsxStage stage = new VsxStage(vsx, 5.0);
        List<Candidate> onPlate = new ArrayList<>();
        int n = 100;
        for (ArchiveSource v : variables) {
            TruthObject star = tile.truth(TruthKind.STAR).stream().filter(t -> v.id().equals("VSX-" + t.id()))
                    .findFirst().orElseThrow();
            onPlate.add(candidate(star, n++));
        }
        onPlate.add(candidate(tile.truth(TruthKind.VANISHING).get(0), n));
        assertThat(stage.judge(onPlate)).extracting(CandidateVerdict::verdict)
                .containsExactly(Verdict.REJECT, Verdict.REJECT, Verdict.REJECT, Verdict.KEEP);
    }

    private static List<String> stagesOf(List<Candidate> batch, Map<String, TruthKind> kinds,
                                         Map<String, String> rejectedBy, TruthKind kind) {
        return batch.stream().filter(b -> kinds.get(b.srcId()) == kind).map(b -> rejectedBy.get(b.srcId())).toList();
    }

    private static String firstRejection(Connection c, String run, String srcId) throws Exception {
        try (var ps = c.prepareStatement("SELECT stage FROM candidate_flag WHERE run_id = ? AND src_id = ? "
                + "AND verdict = 'REJECT'")) {
            ps.setString(1, run);
            ps.setString(2, srcId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
