package org.vasco.veto.stages;

import java.util.List;
import java.util.Map;

/**
 * One post stage of the shrinking set (SPEC §9): judges a batch of candidates and returns exactly one
 * verdict per candidate, in any order. A stage never passes a candidate it could not check: when its
 * source of truth fails it throws {@link VetoStageException} for the whole batch.
 * <p>
 * Implementations are stateless between calls apart from caches of their inputs, and thread-safe.
 */
public interface VetoStage {

    /** Stage name as in the release ledgers, e.g. {@code S1_GSC}; the {@code candidate_flag.stage} value. */
    String name();

    /**
     * Every parameter that can change a verdict (thresholds, radii, service URLs' catalogue names), with
     * plain JSON-able values. They go to {@code stage_ledger.parameters} and into the re-use fingerprint.
     */
    Map<String, Object> parameters();

    /**
     * The identity of local reference data the verdicts depend on (e.g. the SHA-256 of the imported VSX file),
     * or null when the stage has none. It joins the parameters in the re-use fingerprint and the ledger, so a
     * re-import re-judges. Called once per batch before {@link #judge}.
     *
     * @throws VetoStageException when the reference data is missing or unreadable
     */
    default String dataRelease() throws VetoStageException {
        return null;
    }

    /** One verdict per candidate of {@code batch}. */
    List<CandidateVerdict> judge(List<Candidate> batch) throws VetoStageException, InterruptedException;
}
