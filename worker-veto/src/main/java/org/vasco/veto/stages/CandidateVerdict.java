package org.vasco.veto.stages;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stage's decision on one candidate: a {@code candidate_flag} row.
 *
 * @param srcId   the candidate
 * @param verdict keep, reject or flag
 * @param reason  short machine-readable reason ({@code gsc_match}, {@code dec_below_scope}, …), null for a plain keep
 * @param details the measured values behind the decision (separations, ratios), written as jsonb
 */
public record CandidateVerdict(String srcId, Verdict verdict, String reason, Map<String, Object> details) {

    public CandidateVerdict {
        Objects.requireNonNull(srcId, "srcId");
        Objects.requireNonNull(verdict, "verdict");
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static CandidateVerdict keep(String srcId, Map<String, Object> details) {
        return new CandidateVerdict(srcId, Verdict.KEEP, null, details);
    }

    public static CandidateVerdict reject(String srcId, String reason, Map<String, Object> details) {
        return new CandidateVerdict(srcId, Verdict.REJECT, reason, details);
    }

    public static CandidateVerdict flag(String srcId, String reason, Map<String, Object> details) {
        return new CandidateVerdict(srcId, Verdict.FLAG, reason, details);
    }
}
