package org.vasco.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A candidate as the API and the review page show it: its row, its stage flags and its latest review.
 *
 * @param measurements    the step-4 measurements (SExtractor columns and more), as stored
 * @param duplicateOf     the S0 representative when dedup merged this row away, else null
 * @param finalCandidate  true when no stage rejected it and dedup kept it: what the review page lists
 * @param flags           every stage's verdict, in stage name order
 * @param review          the latest human verdict, or null when nobody has reviewed it
 */
public record CandidateView(String runId, String srcId, String tileId, String plateId, int objectNumber, double raDeg,
                            double decDeg, Double plateEpoch, JsonNode measurements, String duplicateOf,
                            boolean finalCandidate, List<StageFlag> flags, ReviewMark review) {

    /** One row of {@code candidate_flag}. */
    public record StageFlag(String stage, String verdict, String reason, JsonNode details, Instant decidedAt) {
    }

    /** The latest row of {@code review_verdict} for a candidate. */
    public record ReviewMark(String verdict, String reviewer, Instant decidedAt) {
    }
}
