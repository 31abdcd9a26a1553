package org.vasco.veto.stages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** S6: keep candidates at Dec ≥ the scope limit (SPEC §9.9; default 0°). */
public final class DecScopeStage implements VetoStage {

    public static final String NAME = "S6_DEC";
    private final double decMinDeg;

    public DecScopeStage(double decMinDeg) {
        this.decMinDeg = decMinDeg;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("dec_min", decMinDeg);
    }

    @Override
    public List<CandidateVerdict> judge(List<Candidate> batch) {
        List<CandidateVerdict> verdicts = new ArrayList<>(batch.size());
        for (Candidate c : batch) {
            Map<String, Object> details = Map.of("dec_value", c.decDeg());
            if (!Double.isFinite(c.decDeg())) {
                // The reference keeps and flags an unparsable Dec; a NaN position cannot reach here from the
                // schema, but keep the rule in case measurements-derived positions ever do.
                verdicts.add(CandidateVerdict.flag(c.srcId(), "dec_parse_error", Map.of()));
            } else if (c.decDeg() < decMinDeg) {
                verdicts.add(CandidateVerdict.reject(c.srcId(), "dec_below_scope", details));
            } else {
                verdicts.add(CandidateVerdict.keep(c.srcId(), details));
            }
        }
        return verdicts;
    }
}
