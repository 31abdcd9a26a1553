package org.vasco.veto.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vasco.testkit.archives.ServiceFault;
import org.vasco.veto.remote.CdsXmatchClient;
import org.vasco.veto.remote.SkybotClient;
import org.vasco.veto.remote.StandIns;
import org.vasco.veto.remote.TapUploadClient;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.Candidates;
import org.vasco.veto.stages.DecScopeStage;
import org.vasco.veto.stages.GscStage;
import org.vasco.veto.stages.PtfStage;
import org.vasco.veto.stages.SkybotStage;
import org.vasco.veto.stages.SupercosmosStage;
import org.vasco.veto.stages.VetoStage;
import org.vasco.veto.stages.VetoStageException;

/** The chain over real PostgreSQL and the loopback services: shrinking set, ledgers, failures, re-use. */
class VetoChainRunnerTest {

    static final StandIns SERVICES = new StandIns();

    static final Candidate STAR = Candidates.at(1, StandIns.STAR[0], StandIns.STAR[1]);
    static final Candidate VANISHING = Candidates.at(2, StandIns.VANISHING[0], StandIns.VANISHING[1]);
    static final Candidate ARTEFACT = Candidates.at(3, StandIns.ARTEFACT[0], StandIns.ARTEFACT[1]);
    static final Candidate ASTEROID = Candidates.at(4, StandIns.ASTEROID[0], StandIns.ASTEROID[1]);
    static final Candidate SOUTH = Candidates.at(5, StandIns.SOUTH[0], StandIns.SOUTH[1]);
    static final List<Candidate> BATCH = List.of(STAR, VANISHING, ARTEFACT, ASTEROID, SOUTH);

    @AfterAll
    static void stop() {
        SERVICES.close();
    }

    @BeforeEach
    void heal() {
        SERVICES.cds.heal();
    }

    static VetoChainRunner chain(double gscRadius, double decMin) {
        List<VetoStage> stages = List.of(
                new GscStage(new CdsXmatchClient(StandIns.client(SERVICES.cds.syncUri(), 2)), gscRadius, 2000),
                new SkybotStage(new SkybotClient(StandIns.client(SERVICES.skybot.conesearchUri(), 2)), 5, 60, 3600),
                new SupercosmosStage(new TapUploadClient(StandIns.client(SERVICES.gavo.syncUri(), 2)), 5, 2000),
                new PtfStage(new TapUploadClient(StandIns.client(SERVICES.irsa.syncUri(), 2)), 5, 2000),
                new DecScopeStage(decMin));
        return new VetoChainRunner(stages);
    }

    @Test
    void theShrinkingSetLeavesTheVanishingSourceAndTheLedgersAddUp() throws Exception {
        try (Connection c = VetoRows.connection()) {
            String run = VetoRows.newRun(c, BATCH);
            VetoChainRunner.ChainResult result = chain(5, 20.0).run(c, run, BATCH);

            assertThat(result.survivors()).containsExactly(VANISHING);
            assertThat(result.stages()).extracting(VetoChainRunner.StageOutcome::input).containsExactly(5, 3, 3, 2, 2);
            assertThat(result.stages()).extracting(VetoChainRunner.StageOutcome::rejected).containsExactly(2, 0, 1, 0, 1);

            long previousKept = BATCH.size();
            for (String stage : List.of("S1_GSC", "S2_SKYBOT", "S3_SCOS", "S4_PTF", "S6_DEC")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT input_rows, kept_rows, rejected_rows, fingerprint, "
                        + "parameters::text FROM stage_ledger WHERE run_id = ? AND stage = ?")) {
                    ps.setString(1, run);
                    ps.setString(2, stage);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).as("ledger of %s", stage).isTrue();
                        assertThat(rs.getLong(1)).as("input of %s", stage).isEqualTo(previousKept);
                        assertThat(rs.getLong(2) + rs.getLong(3)).as("%s adds up", stage).isEqualTo(rs.getLong(1));
                        assertThat(rs.getString(4)).hasSize(64);
                        assertThat(rs.getString(5)).startsWith("{").contains(stage.equals("S6_DEC") ? "dec_min" : "radius_arcsec");
                        previousKept = rs.getLong(2);
                    }
                }
            }
            assertThat(previousKept).isEqualTo(1);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ? AND stage = 'S2_SKYBOT' "
                    + "AND verdict = 'KEEP'", run)).isEqualTo(3);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ? AND src_id = ? "
                    + "AND stage = 'S3_SCOS' AND verdict = 'REJECT' AND reason = 'no_supercosmos_counterpart'",
                    run, ARTEFACT.srcId())).isEqualTo(1);
        }
    }

    @Test
    void aFailingServiceFailsTheBatchAndPassesNobody() throws Exception {
        try (Connection c = VetoRows.connection()) {
            String run = VetoRows.newRun(c, BATCH);
            SERVICES.cds.failWith(ServiceFault.HTTP_500, Integer.MAX_VALUE);
            int irsa = SERVICES.irsa.requests();
            VetoChainRunner chain = new VetoChainRunner(List.of(new DecScopeStage(-90),
                    new GscStage(new CdsXmatchClient(StandIns.client(SERVICES.cds.syncUri(), 3)), 5, 2000),
                    new PtfStage(new TapUploadClient(StandIns.client(SERVICES.irsa.syncUri(), 1)), 5, 2000)));
            assertThatThrownBy(() -> chain.run(c, run, BATCH)).isInstanceOf(VetoStageException.class)
                    .hasMessageContaining("S1_GSC").hasMessageContaining("HTTP 500");
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ? AND stage = 'S6_DEC'", run))
                    .as("the stage before keeps its verdicts").isEqualTo(5);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ? AND stage IN "
                    + "('S1_GSC', 'S4_PTF')", run)).as("nothing from the failed stage or after it").isZero();
            assertThat(SERVICES.irsa.requests()).as("later stages never ran").isEqualTo(irsa);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM stage_ledger WHERE run_id = ? AND stage = 'S1_GSC'", run))
                    .isZero();
        }
    }

    @Test
    void anUnchangedRerunAsksNoServiceAndAChangedParameterRerunsOnlyItsStage() throws Exception {
        try (Connection c = VetoRows.connection()) {
            String run = VetoRows.newRun(c, BATCH);
            chain(5, 20.0).run(c, run, BATCH);
            int cds = SERVICES.cds.requests();
            int skybot = SERVICES.skybot.requests();
            int gavo = SERVICES.gavo.requests();
            int irsa = SERVICES.irsa.requests();

            VetoChainRunner.ChainResult again = chain(5, 20.0).run(c, run, BATCH);
            assertThat(again.survivors()).containsExactly(VANISHING);
            assertThat(again.stages()).allSatisfy(s -> assertThat(s.reused()).isEqualTo(s.input()));
            assertThat(List.of(SERVICES.cds.requests(), SERVICES.skybot.requests(), SERVICES.gavo.requests(),
                    SERVICES.irsa.requests())).containsExactly(cds, skybot, gavo, irsa);

            VetoChainRunner.ChainResult wider = chain(6, 20.0).run(c, run, BATCH);
            assertThat(wider.stages().get(0).reused()).isZero();
            assertThat(SERVICES.cds.requests()).isEqualTo(cds + 1);
            assertThat(wider.stages().subList(1, 5)).allSatisfy(s -> assertThat(s.reused()).isEqualTo(s.input()));
            assertThat(SERVICES.gavo.requests()).isEqualTo(gavo);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM stage_ledger WHERE run_id = ? AND stage = 'S1_GSC' "
                    + "AND parameters->>'radius_arcsec' = '6.0'", run)).isEqualTo(1);
        }
    }

    @Test
    void aCandidateAnEarlierStageNowRejectsLosesItsLaterVerdicts() throws Exception {
        try (Connection c = VetoRows.connection()) {
            String run = VetoRows.newRun(c, BATCH);
            List<Candidate> batch = List.of(VANISHING, SOUTH);
            VetoChainRunner decFirst = new VetoChainRunner(List.of(new DecScopeStage(-90),
                    new SupercosmosStage(new TapUploadClient(StandIns.client(SERVICES.gavo.syncUri(), 1)), 5, 2000)));
            decFirst.run(c, run, batch);
            assertThat(VetoRows.count(c, "SELECT input_rows FROM stage_ledger WHERE run_id = ? AND stage = 'S3_SCOS'", run))
                    .isEqualTo(2);
            new VetoChainRunner(List.of(new DecScopeStage(20.0),
                    new SupercosmosStage(new TapUploadClient(StandIns.client(SERVICES.gavo.syncUri(), 1)), 5, 2000)))
                    .run(c, run, batch);
            assertThat(VetoRows.count(c, "SELECT input_rows FROM stage_ledger WHERE run_id = ? AND stage = 'S3_SCOS'", run))
                    .isEqualTo(1);
            assertThat(VetoRows.count(c, "SELECT count(*) FROM candidate_flag WHERE run_id = ? AND src_id = ? "
                    + "AND stage = 'S3_SCOS'", run, SOUTH.srcId())).isZero();
        }
    }
}
