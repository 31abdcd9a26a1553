package org.vasco.veto.chain;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
import org.vasco.common.task.ScienceProfile;
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
 * <p>
 * Two phases: {@link #judge} reads stored verdicts and asks the stages, writing nothing, and returns the
 * {@link ChainWrites} that {@link ChainWrites#apply} commits later (the tile step applies them in the transaction
 * that marks the step DONE, so a failed attempt leaves no verdict behind). {@link #run} writes each stage's
 * verdicts as soon as it has judged.
 */
public final class VetoChainRunner {

    private static final Logger LOG = LoggerFactory.getLogger(VetoChainRunner.class);

    private final List<VetoStage> stages;
    private final ScienceProfile profile;

    /** A chain of the default profile ({@link ScienceProfile#DEFAULT}). */
    public VetoChainRunner(List<VetoStage> stages) {
        this(stages, ScienceProfile.DEFAULT);
    }

    /**
     * @param stages  the enabled stages, in release order
     * @param profile the science profile they do, recorded in every ledger row they write
     */
    public VetoChainRunner(List<VetoStage> stages, ScienceProfile profile) {
        this.stages = List.copyOf(stages);
        this.profile = java.util.Objects.requireNonNull(profile, "profile");
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

    public ScienceProfile profile() {
        return profile;
    }

    /**
     * Judges and writes stage by stage through {@code c} (the caller owns the transaction): when a stage fails,
     * the verdicts of the stages before it have been written.
     */
    public ChainResult run(Connection c, String runId, List<Candidate> batch)
            throws VetoStageException, SQLException, InterruptedException {
        List<String> batchIds = distinctIds(runId, batch);
        List<Candidate> current = batch;
        List<StageOutcome> outcomes = new ArrayList<>();
        for (VetoStage stage : stages) {
            StageWrite write = judgeStage(c, runId, stage, batchIds, current);
            ChainWrites.write(c, runId, profile, write);
            outcomes.add(write.outcome());
            current = write.outcome().survivors();
        }
        return new ChainResult(current, outcomes);
    }

    private static List<String> distinctIds(String runId, List<Candidate> batch) {
        List<String> batchIds = batch.stream().map(Candidate::srcId).toList();
        if (new HashSet<>(batchIds).size() != batchIds.size()) {
            throw new IllegalArgumentException("the batch of run " + runId + " holds a src_id twice");
        }
        return batchIds;
    }

    /**
     * Runs the chain over {@code batch}, reading stored verdicts through {@code c} but writing nothing.
     *
     * @return the chain's result and the writes that record it
     */
    public Judged judge(Connection c, String runId, List<Candidate> batch)
            throws VetoStageException, SQLException, InterruptedException {
        List<String> batchIds = distinctIds(runId, batch);
        List<Candidate> current = batch;
        List<StageOutcome> outcomes = new ArrayList<>();
        List<StageWrite> writes = new ArrayList<>();
        for (VetoStage stage : stages) {
            StageWrite write = judgeStage(c, runId, stage, batchIds, current);
            outcomes.add(write.outcome());
            writes.add(write);
            current = write.outcome().survivors();
        }
        return new Judged(new ChainResult(current, outcomes), new ChainWrites(runId, profile, writes));
    }

    private StageWrite judgeStage(Connection c, String runId, VetoStage stage, List<String> batchIds,
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
        List<CandidateVerdict> judged = toJudge.isEmpty() ? List.of() : checked(stage, toJudge, stage.judge(toJudge));
        judged.forEach(v -> verdicts.put(v.srcId(), v));
        List<Candidate> survivors = new ArrayList<>();
        Map<String, String> rejections = new LinkedHashMap<>();
        for (Candidate cand : input) {
            CandidateVerdict v = verdicts.get(cand.srcId());
            if (v.verdict().survives()) {
                survivors.add(cand);
            } else {
                rejections.put(cand.srcId(), v.reason() == null ? "" : v.reason());
            }
        }
        StageOutcome outcome = new StageOutcome(stage.name(), input.size(), survivors.size(), rejections.size(), reused,
                survivors, rejections);
        return new StageWrite(stage, params, judged, fingerprints, batchIds, inputIds, outcome);
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
     * @param rejections the candidates it removed, with the reason of each ({@code candidate_flag.reason})
     */
    public record StageOutcome(String stage, int input, int kept, int rejected, int reused, List<Candidate> survivors,
                               Map<String, String> rejections) {

        public StageOutcome {
            survivors = List.copyOf(survivors);
            rejections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rejections));
        }
    }

    /** One stage's verdicts to record, and what the stage did. */
    private record StageWrite(VetoStage stage, String params, List<CandidateVerdict> judged,
                              Map<String, String> fingerprints, List<String> batchIds, List<String> inputIds,
                              StageOutcome outcome) {

        StageWrite restrictedTo(Set<String> srcIds) {
            List<CandidateVerdict> ownJudged = judged.stream().filter(v -> srcIds.contains(v.srcId())).toList();
            Map<String, String> ownFingerprints = new HashMap<>();
            fingerprints.forEach((id, f) -> {
                if (srcIds.contains(id)) {
                    ownFingerprints.put(id, f);
                }
            });
            List<String> ownBatch = batchIds.stream().filter(srcIds::contains).toList();
            List<String> ownInput = inputIds.stream().filter(srcIds::contains).toList();
            List<Candidate> ownSurvivors = outcome.survivors().stream().filter(c -> srcIds.contains(c.srcId())).toList();
            // A candidate that reached the stage was either judged now or had its stored verdict re-used.
            Map<String, String> ownRejections = new LinkedHashMap<>();
            outcome.rejections().forEach((id, reason) -> {
                if (srcIds.contains(id)) {
                    ownRejections.put(id, reason);
                }
            });
            StageOutcome own = new StageOutcome(outcome.stage(), ownInput.size(), ownSurvivors.size(),
                    ownInput.size() - ownSurvivors.size(), ownInput.size() - ownJudged.size(), ownSurvivors, ownRejections);
            return new StageWrite(stage, params, ownJudged, ownFingerprints, ownBatch, ownInput, own);
        }
    }

    /**
     * The {@code candidate_flag} and {@code stage_ledger} writes of one judged batch.
     * <p>
     * The ledger holds run totals recomputed from the run's flags; batches of one run (tiles) may commit
     * concurrently, so {@link #apply} first takes a transaction-scoped advisory lock per run: the totals of the
     * later transaction are then computed after the earlier one committed (READ COMMITTED takes a snapshot per
     * statement), and no batch's verdicts go missing from them. Idempotent: applying the same writes again
     * leaves the same rows.
     */
    public static final class ChainWrites {

        private final String runId;
        private final ScienceProfile profile;
        private final List<StageWrite> writes;

        private ChainWrites(String runId, ScienceProfile profile, List<StageWrite> writes) {
            this.runId = runId;
            this.profile = profile;
            this.writes = List.copyOf(writes);
        }

        /** Records the verdicts and refreshes the ledgers; the caller owns the transaction. */
        public void apply(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                ps.setString(1, "vasco.stage_ledger:" + runId);
                ps.execute();
            }
            for (StageWrite w : writes) {
                write(c, runId, profile, w);
            }
        }

        private static void write(Connection c, String runId, ScienceProfile profile, StageWrite w) throws SQLException {
            if (!w.judged().isEmpty()) {
                CandidateFlags.upsert(c, runId, w.stage().name(), w.judged(), w.fingerprints());
            }
            CandidateFlags.removeExcept(c, runId, w.stage().name(), w.batchIds(), w.inputIds());
            StageLedger.Totals totals = StageLedger.refresh(c, runId, w.stage(), w.params(), profile);
            StageOutcome o = w.outcome();
            LOG.info("{} run {}: {} in, {} kept, {} rejected ({} verdicts re-used); run totals {}", o.stage(), runId,
                    o.input(), o.kept(), o.rejected(), o.reused(), totals);
        }
    }

    /**
     * A judged batch: what the chain decided and the writes that record it.
     *
     * @param result the chain's result
     * @param writes to be applied in the caller's transaction
     */
    public record Judged(ChainResult result, ChainWrites writes) {

        /**
         * This judgement cut down to the candidates {@code srcIds} (one tile's share of a batch judged across
         * tiles): the survivors, stage outcomes and writes of those candidates only, as if the chain had been run
         * over them alone. Verdicts are per candidate and the ledger is recomputed from the run's flags when the
         * writes apply, so the shares of one batch add up to the whole.
         */
        public Judged restrictedTo(Set<String> srcIds) {
            List<StageWrite> shares = new ArrayList<>();
            List<StageOutcome> outcomes = new ArrayList<>();
            for (StageWrite w : writes.writes) {
                StageWrite share = w.restrictedTo(srcIds);
                shares.add(share);
                outcomes.add(share.outcome());
            }
            List<Candidate> survivors = result.survivors().stream().filter(c -> srcIds.contains(c.srcId())).toList();
            return new Judged(new ChainResult(survivors, outcomes), new ChainWrites(writes.runId, writes.profile, shares));
        }
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
