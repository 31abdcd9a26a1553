package org.vasco.veto.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecScopeStageTest {

    @Test
    void keepsTheScopeAndRejectsBelowIt() {
        List<CandidateVerdict> v = new DecScopeStage(0.0).judge(List.of(
                Candidates.at(1, 10, 0.0), Candidates.at(2, 10, -0.0001), Candidates.at(3, 10, 45)));
        assertThat(v).extracting(CandidateVerdict::verdict).containsExactly(Verdict.KEEP, Verdict.REJECT, Verdict.KEEP);
        assertThat(v.get(1).reason()).isEqualTo("dec_below_scope");
    }

    @Test
    void theLimitIsConfigurable() {
        List<CandidateVerdict> v = new DecScopeStage(-3.0).judge(List.of(Candidates.at(1, 10, -2.5), Candidates.at(2, 10, -3.5)));
        assertThat(v).extracting(CandidateVerdict::verdict).containsExactly(Verdict.KEEP, Verdict.REJECT);
    }
}
