package org.vasco.veto.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vasco.testkit.archives.ServiceFault;
import org.vasco.veto.remote.CdsXmatchClient;
import org.vasco.veto.remote.SkybotClient;
import org.vasco.veto.remote.StandIns;
import org.vasco.veto.remote.TapUploadClient;

/** The remote stages against their loopback stand-ins: verdicts, the SuperCOSMOS inversion, and failures. */
class RemoteStagesTest {

    static final StandIns SERVICES = new StandIns();

    static final Candidate STAR = Candidates.at(1, StandIns.STAR[0], StandIns.STAR[1]);
    static final Candidate VANISHING = Candidates.at(2, StandIns.VANISHING[0], StandIns.VANISHING[1]);
    static final Candidate ARTEFACT = Candidates.at(3, StandIns.ARTEFACT[0], StandIns.ARTEFACT[1]);
    static final Candidate ASTEROID = Candidates.at(4, StandIns.ASTEROID[0], StandIns.ASTEROID[1]);
    static final List<Candidate> ALL = List.of(STAR, VANISHING, ARTEFACT, ASTEROID);

    @AfterAll
    static void stop() {
        SERVICES.close();
    }

    @BeforeEach
    void heal() {
        SERVICES.cds.heal();
        SERVICES.skybot.heal();
        SERVICES.gavo.heal();
        SERVICES.irsa.heal();
    }

    static GscStage gsc(int attempts) {
        return new GscStage(new CdsXmatchClient(StandIns.client(SERVICES.cds.syncUri(), attempts)), 5.0, 2000);
    }

    static SupercosmosStage scos(int attempts) {
        return new SupercosmosStage(new TapUploadClient(StandIns.client(SERVICES.gavo.syncUri(), attempts)), 5.0, 2000);
    }

    static PtfStage ptf(int attempts) {
        return new PtfStage(new TapUploadClient(StandIns.client(SERVICES.irsa.syncUri(), attempts)), 5.0, 2000);
    }

    static SkybotStage skybot(int attempts) {
        return new SkybotStage(new SkybotClient(StandIns.client(SERVICES.skybot.conesearchUri(), attempts)), 5.0, 60.0, 3600.0);
    }

    static java.util.Map<String, CandidateVerdict> bySrc(List<CandidateVerdict> verdicts) {
        return verdicts.stream().collect(Collectors.toMap(CandidateVerdict::srcId, Function.identity()));
    }

    @Test
    void gscRejectsWhatAModernCatalogueHasWithinFiveArcsec() throws Exception {
        var v = bySrc(gsc(1).judge(ALL));
        assertThat(v.get(STAR.srcId()).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(v.get(STAR.srcId()).details()).containsEntry("gsc2_id", "N0123456789");
        assertThat((double) v.get(STAR.srcId()).details().get("best_sep_arcsec")).isBetween(1.3, 1.5);
        assertThat(v.get(VANISHING.srcId()).verdict()).isEqualTo(Verdict.KEEP);
        assertThat(v.get(ARTEFACT.srcId()).verdict()).isEqualTo(Verdict.KEEP);
        assertThat(v.get(ASTEROID.srcId()).verdict()).as("a PTF-only faint source is in GSC here too")
                .isEqualTo(Verdict.REJECT);
    }

    @Test
    void supercosmosKeepsOnlyCandidatesWithACounterpart() throws Exception {
        var v = bySrc(scos(1).judge(ALL));
        assertThat(v.get(STAR.srcId()).verdict()).isEqualTo(Verdict.KEEP);
        assertThat(v.get(VANISHING.srcId()).verdict()).isEqualTo(Verdict.KEEP);
        assertThat(v.get(VANISHING.srcId()).details()).containsEntry("matched_count", 1L);
        assertThat(v.get(ARTEFACT.srcId()).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(v.get(ARTEFACT.srcId()).reason()).isEqualTo("no_supercosmos_counterpart");
        assertThat(v.get(ASTEROID.srcId()).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(SERVICES.gavo.lastQuery()).contains("supercosmos.sources").contains("TAP_UPLOAD.t1");
    }

    @Test
    void ptfRejectsOnlyObjectsWithGoodObservations() throws Exception {
        var v = bySrc(ptf(1).judge(ALL));
        assertThat(v.get(STAR.srcId()).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(v.get(STAR.srcId()).reason()).isEqualTo("ptf_match_ngoodobs");
        assertThat(v.get(ASTEROID.srcId()).verdict()).as("ngoodobs = 0 does not veto").isEqualTo(Verdict.KEEP);
        assertThat(v.get(VANISHING.srcId()).verdict()).isEqualTo(Verdict.KEEP);
    }

    @Test
    void skybotRejectsWithinFiveArcsecAndFlagsWithinSixty() throws Exception {
        var v = bySrc(skybot(1).judge(ALL));
        assertThat(v.get(ASTEROID.srcId()).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(v.get(ASTEROID.srcId()).details()).containsEntry("object", "2001 AB");
        assertThat(v.get(STAR.srcId()).verdict()).isEqualTo(Verdict.FLAG);
        assertThat(v.get(STAR.srcId()).reason()).isEqualTo("skybot_wide_match");
        assertThat(v.get(VANISHING.srcId()).verdict()).isEqualTo(Verdict.KEEP);
        assertThat(SERVICES.skybot.lastQuery()).containsEntry("-ep", "2434802.500000").containsEntry("-rs", "3600")
                .containsEntry("-mime", "votable").containsEntry("-observer", "500");
    }

    @Test
    void skybotsNoObjectAnswerIsAValidEmptyField() throws Exception {
        Candidate far = Candidates.at(5, 10.0, 40.0);
        Candidate farther = Candidates.at(6, 10.001, 40.001);
        int before = SERVICES.skybot.requests();
        assertThat(skybot(1).judge(List.of(far, farther))).extracting(CandidateVerdict::verdict)
                .containsExactly(Verdict.KEEP, Verdict.KEEP);
        assertThat(SERVICES.skybot.requests() - before).as("one field, one request").isEqualTo(1);
    }

    @Test
    void skybotNeedsThePlateEpoch() {
        Candidate undated = new Candidate(Candidates.TILE + ":9", Candidates.TILE, "XE001", 150, 20, Double.NaN,
                Double.NaN, java.util.Map.of());
        assertThatThrownBy(() -> skybot(1).judge(List.of(undated))).isInstanceOf(VetoStageException.class)
                .hasMessageContaining("no plate epoch");
    }

    @Test
    void aServiceThatKeepsFailingFailsTheBatchAfterItsRetries() {
        SERVICES.cds.failWith(ServiceFault.HTTP_500, Integer.MAX_VALUE);
        int before = SERVICES.cds.requests();
        assertThatThrownBy(() -> gsc(3).judge(ALL)).isInstanceOf(VetoStageException.class)
                .hasMessageContaining("HTTP 500").satisfies(e -> assertThat(((VetoStageException) e).isRetriable()).isTrue());
        assertThat(SERVICES.cds.requests() - before).isEqualTo(3);
    }

    @Test
    void aTransientFailureIsRetriedAndTheAnswerUsed() throws Exception {
        SERVICES.gavo.failWith(ServiceFault.HTTP_503, 1);
        assertThat(bySrc(scos(2).judge(ALL)).get(ARTEFACT.srcId()).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void tapErrorsGarbageAndTimeoutsNeverLookLikeAnEmptyResult() {
        SERVICES.irsa.failWith(ServiceFault.QUERY_ERROR, Integer.MAX_VALUE);
        assertThatThrownBy(() -> ptf(1).judge(ALL)).isInstanceOf(VetoStageException.class)
                .hasMessageContaining("QUERY_STATUS=ERROR");
        SERVICES.irsa.failWith(ServiceFault.GARBAGE, Integer.MAX_VALUE);
        assertThatThrownBy(() -> ptf(1).judge(ALL)).isInstanceOf(VetoStageException.class)
                .hasMessageContaining("VOTable");
        SERVICES.skybot.failWith(ServiceFault.GARBAGE, Integer.MAX_VALUE);
        assertThatThrownBy(() -> skybot(1).judge(ALL)).isInstanceOf(VetoStageException.class);
        SERVICES.gavo.slowDelay(java.time.Duration.ofSeconds(5));
        SERVICES.gavo.failWith(ServiceFault.SLOW, Integer.MAX_VALUE);
        assertThatThrownBy(() -> scos(1).judge(ALL)).isInstanceOf(VetoStageException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void aTapQueryErrorFromTheServiceItselfIsReported() {
        // An unknown table answered by the stand-in as TAP does: HTTP 400 with an error VOTable.
        var wrong = new org.vasco.testkit.archives.LoopbackTapServer("/tap/sync", java.util.Map.of());
        try (wrong) {
            var stage = new SupercosmosStage(new TapUploadClient(StandIns.client(wrong.syncUri(), 1)), 5.0, 2000);
            assertThatThrownBy(() -> stage.judge(ALL)).isInstanceOf(VetoStageException.class)
                    .hasMessageContaining("400").hasMessageContaining("Table not found")
                    .satisfies(e -> assertThat(((VetoStageException) e).isRetriable()).isFalse());
        }
    }
}
