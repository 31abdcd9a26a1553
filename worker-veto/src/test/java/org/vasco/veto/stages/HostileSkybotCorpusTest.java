package org.vasco.veto.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vasco.testkit.archives.ScriptedReply;
import org.vasco.testkit.hostile.Expected;
import org.vasco.testkit.hostile.HostileCase;
import org.vasco.testkit.hostile.HostileVoTables;
import org.vasco.veto.remote.SkybotClient;
import org.vasco.veto.remote.StandIns;

/**
 * The SkyBoT cases of the hostile-input corpus ({@link HostileVoTables}) through the real SkyBoT veto stage and
 * client over HTTP: SkyBoT's "no object" error INFO is the valid empty field (everyone kept), every other bad reply
 * fails the stage with a message naming the service and the problem (never an empty result), and the stage judges
 * the next clean field correctly.
 */
class HostileSkybotCorpusTest {

    private static final StandIns SERVICES = new StandIns();
    private static final Candidate STAR = Candidates.at(1, StandIns.STAR[0], StandIns.STAR[1]);
    private static final Candidate ASTEROID = Candidates.at(4, StandIns.ASTEROID[0], StandIns.ASTEROID[1]);

    @AfterAll
    static void stop() {
        SERVICES.close();
    }

    @Test
    void everyHostileVoTableFailsTheStageForItsOwnReasonOrIsTheValidEmptyField() throws Exception {
        SkybotStage stage = new SkybotStage(new SkybotClient(StandIns.client(SERVICES.skybot.conesearchUri(), 1)), 5.0, 60.0, 3600.0);
        String secret = Files.readString(Path.of(HostileVoTables.XXE_TARGET)).lines().findFirst().orElseThrow();
        SoftAssertions soft = new SoftAssertions();
        for (HostileCase<ScriptedReply> c : HostileVoTables.all()) {
            Expected expected = c.expected();
            String name = c.name() + " (" + c.input() + ")";
            SERVICES.skybot.answerWith(c.build(), Integer.MAX_VALUE);
            try {
                List<CandidateVerdict> verdicts = stage.judge(List.of(STAR, ASTEROID));
                soft.assertThat("ACCEPTED").as(name + ": " + verdicts).isEqualTo(expected.outcome());
                soft.assertThat(verdicts).as(name).extracting(v -> v.verdict().name()).containsOnly(expected.phrase());
            } catch (VetoStageException e) {
                soft.assertThat("REJECTED").as(name + ": " + e.getMessage()).isEqualTo(expected.outcome());
                soft.assertThat(e.stage()).as(name + ": stage").isEqualTo(expected.reason());
                soft.assertThat(e.getMessage()).as(name + ": message").contains(expected.phrase()).contains("SkyBoT")
                        .doesNotContain(secret);
            } finally {
                SERVICES.skybot.heal();
            }
            List<CandidateVerdict> clean = stage.judge(List.of(STAR, ASTEROID));
            soft.assertThat(clean).as(name + ": the next clean field").extracting(v -> v.verdict().name())
                    .containsExactly("FLAG", "REJECT");
        }
        soft.assertAll();
        assertThat(secret).isNotBlank();
    }
}
