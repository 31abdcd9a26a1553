package org.vasco.veto.chain;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.CandidateVerdict;
import org.vasco.veto.stages.VetoStage;
import org.vasco.veto.stages.VetoStageException;

/**
 * Runs the enabled post stages, in release order, over a batch of candidates of one run: each stage sees the
 * survivors of the previous one (the shrinking set, SPEC §9). Verdicts go to {@code candidate_flag}, the run
 * totals of each stage to {@code stage_ledger}.
 * <p>
 * Re-use: a stored verdict whose fingerprint (stage parameters and data release + the candidate's inputs) matches
 * is taken as is;
 * only the other candidates are sent to the stage, so an unchanged re-run sends no request at all and a changed
 * parameter re-judges everyone.
 * <p>
 * Failure: a stage that throws writes nothing for the batch and the runner rethrows; candidates are never passed
 * on unchecked. Verdicts of the stages before it stay (they are valid and will be re-used). All writes use the
 * caller's connection; the caller owns the transaction. Not thread-safe per connection; stages are.
 */
public final class VetoChainRunner {

    private static final Logger LOG = LoggerFactory.getLogger(VetoChainRunner.class);

    private final List<VetoStage> stages;

    /** @param stages the enabled stages, in release order */
    public VetoChainRunner(List<VetoStage> stages) {
        this.stages = List.copyOf(stages);
        Set<String> names = new HashSet<>();
        for (VetoStage s : stages) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("stage " + s.name() + " appears twice in the chain");
            }
        }
    }

    public List<VetoStage> stages() {
        return stages;
    }

    public ChainResult run(Connection c, String runId, List<Candidate> batch)
            throws VetoStageException, SQLException, InterruptedException {
        List<String> batchIds = batch.stream().map(Candidate::srcId).toList();
        if (new HashSet<>(batchIds).size() != batchIds.size()) {
            throw new IllegalArgumentException("the batch of run " + runId + " holds a src_id twice");
        }
        List<Candidate> current = batch;
        List<StageOutcome> outcomes = new ArrayList<>();
        for (VetoStage stage : stages) {
            StageOutcome outcome = runStage(c, runId, stage, batchIds, current);
            outcomes.add(outcome);
            current = outcome.survivors();
        }
        return new ChainResult(current, outcomes);
    }

    private StageOutcome runStage(Connection c, String runId, VetoStage stage, List<String> batchIds,
                                  List<Candidate> input) throws VetoStageException, SQLException, InterruptedException {
        String params = Fingerprints.parametersJson(stage, stage.dataRelease());
        Map<String, String> fingerprints = new HashMap<>();
        for (Candidate cand : input) {
            fingerprints.put(cand.srcId(), Fingerprints.ofVerdictInputs(stage, params, cand));
        }
        List<String> inputIds = input.stream().map(Candidate::srcId).toList();
        Map<String, CandidateFlags.Stored> stored = CandidateFlags.load(c, runId, stage.name(), inputIds);
        Map<String, CandidateVerdict> verdicts = new LinkedHashMap<>();
        List<Candidate> toJudge = new ArrayList<>();
        for (Candidate cand : input) {
            CandidateFlags.Stored s = stored.get(cand.srcId());
            if (s != null && fingerprints.get(cand.srcId()).equals(s.fingerprint())) {
                verdicts.put(cand.srcId(), s.verdict());
            } else {
                toJudge.add(cand);
            }
        }
        int reused = verdicts.size();
        if (!toJudge.isEmpty()) {
            List<CandidateVerdict> judged = checked(stage, toJudge, stage.judge(toJudge));
            CandidateFlags.upsert(c, runId, stage.name(), judged, fingerprints);
            judged.forEach(v -> verdicts.put(v.srcId(), v));
        }
        CandidateFlags.removeExcept(c, runId, stage.name(), batchIds, inputIds);
        StageLedger.Totals totals = StageLedger.refresh(c, runId, stage, params);
        List<Candidate> survivors = new ArrayList<>();
        int rejected = 0;
        for (Candidate cand : input) {
            if (verdicts.get(cand.srcId()).verdict().survives()) {
                survivors.add(cand);
            } else {
                rejected++;
            }
        }
        LOG.info("{} run {}: {} in, {} kept, {} rejected ({} verdicts re-used); run totals {}", stage.name(), runId,
                input.size(), survivors.size(), rejected, reused, totals);
        return new StageOutcome(stage.name(), input.size(), survivors.size(), rejected, reused, survivors);
    }

    /** A stage must answer for every candidate it was given, exactly once. */
    private static List<CandidateVerdict> checked(VetoStage stage, List<Candidate> asked, List<CandidateVerdict> answered)
            throws VetoStageException {
        Set<String> expected = new HashSet<>();
        asked.forEach(a -> expected.add(a.srcId()));
        Set<String> seen = new HashSet<>();
        for (CandidateVerdict v : answered) {
            if (!expected.contains(v.srcId()) || !seen.add(v.srcId())) {
                throw new VetoStageException(stage.name(), false, "answered for " + v.srcId()
                        + " which it was not asked about, or twice", null);
            }
        }
        if (seen.size() != expected.size()) {
            expected.removeAll(seen);
            throw new VetoStageException(stage.name(), false, "gave no verdict for " + expected.size()
                    + " candidate(s), e.g. " + expected.iterator().next(), null);
        }
        return answered;
    }

    /**
     * What one stage did with this batch.
     *
     * @param stage     stage name
     * @param input     candidates of this batch that reached it
     * @param kept      survivors (flagged included)
     * @param rejected  removed
     * @param reused    verdicts taken from an earlier identical run
     * @param survivors the candidates passed to the next stage
     */
    public record StageOutcome(String stage, int input, int kept, int rejected, int reused, List<Candidate> survivors) {
    }

    /**
     * The chain's result for one batch.
     *
     * @param survivors candidates that passed every enabled stage
     * @param stages    per-stage outcomes in order
     */
    public record ChainResult(List<Candidate> survivors, List<StageOutcome> stages) {
    }
}
