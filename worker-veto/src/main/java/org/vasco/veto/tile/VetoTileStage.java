package org.vasco.veto.tile;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.db.Database;
import org.vasco.common.late.LateCuts;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.common.task.ScienceProfile;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.veto.chain.CandidateRows;
import org.vasco.veto.chain.VetoChainRunner;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.VetoStageException;

/**
 * The VETO step: the run's candidates on the task's tile (the {@code candidate} rows the xmatch step left, one per
 * USNO-B veto survivor) first get their measured columns from the tile's pass-2 catalogue and go through the late
 * filters and the bright-star spike cut ({@link TileLateCuts}, the one place those cuts run in both run modes);
 * those that pass go through the enabled post stages in release order (SPEC §9). The verdicts ({@code candidate_flag}) and the run's
 * stage totals ({@code stage_ledger}) are returned as the result's database effects, so they commit in the
 * transaction that marks the step DONE: a failed or abandoned attempt leaves none behind, and a retry re-judges
 * (re-using verdicts only of earlier, committed attempts with identical inputs).
 * <p>
 * Failures: a stage whose service fails after its retries fails the attempt with {@link TransientStageException}
 * (reason {@code VETO_<stage>}, message naming the service's answer), so the framework retries and finally marks
 * the tile FAILED; a stage that cannot ever judge (e.g. VSX enabled but never imported) fails it with
 * {@link PermanentStageException}. Candidates are never passed on unchecked.
 * <p>
 * Metrics: {@code veto_survivors} (candidate rows in), {@code late_kept_hard_gates}, {@code tile_survivors} (after
 * the spike cut), {@code candidates} (into the post stages, the same number), {@code survivors}, and per stage {@code <stage>.input}, {@code .kept},
 * {@code .rejected}, {@code .reused} for this tile, and {@link #BATCH_WAIT_SECONDS}. A tile without candidates is DONE with zeros and sends
 * nothing to any service. Thread-safe: the chain's stages are.
 * <p>
 * Batching: the remote stages judge the candidates of several tiles of a run together when the stage is given a
 * {@link CandidateBatcher} with a window ({@code VASCO_VETO_BATCH_WINDOW}); a batch that fails fails every tile
 * in it, and each tile commits only its own candidates' verdicts.
 */
public final class VetoTileStage implements TileStage {

    /**
     * run_tile.metrics key: seconds the tile's candidates waited for their batch to close (for other tiles to join):
     * part of the step's running time, but waiting, not work.
     */
    public static final String BATCH_WAIT_SECONDS = "batch_wait_seconds";
    /** run_tile.metrics key: the tile's candidate rows in (the xmatch step's veto survivors). */
    public static final String VETO_SURVIVORS = "veto_survivors";
    /** run_tile.metrics key: the tile's survivors, those left by the spike cut. */
    public static final String TILE_SURVIVORS = "tile_survivors";
    /** run_tile.metrics key: candidates into the post stages (the tile's survivors). */
    public static final String CANDIDATES = "candidates";
    /** run_tile.metrics key: candidates every post stage kept. */
    public static final String FINAL_SURVIVORS = "survivors";
    /** Suffix of the run_tile.metrics key of the candidates a post stage kept, {@code <stage>.kept}. */
    public static final String KEPT = ".kept";

    private final Database database;
    private final Map<ScienceProfile, TileLateCuts> lateCuts = new EnumMap<>(ScienceProfile.class);
    private final Map<ScienceProfile, VetoChainRunner> chains = new EnumMap<>(ScienceProfile.class);
    private final CandidateBatcher batcher;

    /** Judges each tile alone, on the stage thread, with the same science whatever the run's profile. */
    public VetoTileStage(Database database, ArtefactStore store, LateCuts lateCuts, VetoChainRunner chain) {
        this(database, store, lateCuts, chain, new CandidateBatcher(judgeWith(database, chain), Duration.ZERO, 1));
    }

    /**
     * Judges the tile's candidates in {@code batcher}'s batches with those of other tiles of the run (the stage
     * thread waits for its batch), with the same science whatever the run's profile; {@code batcher} must judge
     * with {@code chain} (see {@link #judgeWith}).
     *
     * @param store    where the tile's pass-2 catalogue and cached bright-star list are
     * @param lateCuts the late filters and spike cut
     */
    public VetoTileStage(Database database, ArtefactStore store, LateCuts lateCuts, VetoChainRunner chain,
                         CandidateBatcher batcher) {
        this(database, store, ProfileScience.forEveryProfile(lateCuts, chain), batcher);
    }

    /**
     * Judges each tile with its run's profile's science; {@code batcher} must judge with the same chains (see
     * {@link #judgeWith(Database, Map)}).
     *
     * @param sciences the science of every profile
     */
    public VetoTileStage(Database database, ArtefactStore store, Map<ScienceProfile, ProfileScience> sciences,
                         CandidateBatcher batcher) {
        this.database = database;
        for (ScienceProfile p : ScienceProfile.values()) {
            ProfileScience science = sciences.get(p);
            if (science == null) {
                throw new IllegalArgumentException("no veto science for profile " + p.label());
            }
            lateCuts.put(p, new TileLateCuts(science.lateCuts(), store));
            chains.put(p, science.chain());
        }
        this.batcher = batcher;
    }

    /** The chain's judgement of a batch, reading stored verdicts over a connection of its own. */
    public static CandidateBatcher.BatchJudge judgeWith(Database database, VetoChainRunner chain) {
        return (runId, batch) -> {
            try (Connection c = database.connection()) {
                return chain.judge(c, runId, batch);
            }
        };
    }

    /**
     * The judgement of a batch by the chain of its run's profile ({@code run.profile}; a batch never mixes runs),
     * reading stored verdicts over a connection of its own.
     */
    public static CandidateBatcher.BatchJudge judgeWith(Database database, Map<ScienceProfile, ProfileScience> sciences) {
        return (runId, batch) -> {
            try (Connection c = database.connection()) {
                return sciences.get(RunProfile.of(c, runId)).chain().judge(c, runId, batch);
            }
        };
    }

    @Override
    public Step step() {
        return Step.VETO;
    }

    @Override
    public StageResult run(StageContext context) throws StageException, InterruptedException {
        TileTask task = context.task();
        String tile = task.tile().toString();
        // Auto-commit reads only: the candidates and (in the batch's judgement) the stored verdicts a re-run may
        // re-use. Nothing is written here; the writes are the result's effects. No connection is held while the
        // batch window is open.
        try {
            List<Candidate> vetoSurvivors;
            try (Connection c = database.connection()) {
                vetoSurvivors = CandidateRows.ofTile(c, task.runId(), tile);
            }
            VetoChainRunner chain = chains.get(context.profile());
            TileLateCuts.Outcome cut = lateCuts.get(context.profile()).apply(task, vetoSurvivors);
            List<Candidate> candidates = cut.passed();
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put(VETO_SURVIVORS, vetoSurvivors.size());
            // the counter under its own name
            metrics.put(FunnelCounter.LATE_KEPT_HARD_GATES.key(), cut.counters().get(FunnelCounter.LATE_KEPT_HARD_GATES.key()));
            metrics.put(TILE_SURVIVORS, cut.counters().get(FunnelCounter.SURVIVORS.key()));
            metrics.put(CANDIDATES, candidates.size());
            List<StageResult.DbEffect> effects = new ArrayList<>(cut.effects());
            if (candidates.isEmpty()) {
                metrics.put(FINAL_SURVIVORS, 0);
                for (var stage : chain.stages()) {
                    putCounts(metrics, stage.name(), 0, 0, 0, 0);
                }
                return StageResult.done(metrics, effects);
            }
            CandidateBatcher.Batched batched = batcher.submit(task.runId(), candidates);
            VetoChainRunner.Judged judged = batched.judged();
            metrics.put(BATCH_WAIT_SECONDS, batched.windowWait().toNanos() / 1e9);
            metrics.put(FINAL_SURVIVORS, judged.result().survivors().size());
            for (VetoChainRunner.StageOutcome o : judged.result().stages()) {
                putCounts(metrics, o.stage(), o.input(), o.kept(), o.rejected(), o.reused());
            }
            effects.add(judged.writes()::apply);
            return StageResult.done(metrics, effects);
        } catch (VetoStageException e) {
            String reason = "VETO_" + e.stage();
            String message = tile + " (run " + task.runId() + "): " + e.getMessage();
            if (e.isRetriable()) {
                throw new TransientStageException(reason, message, e);
            }
            throw new PermanentStageException(reason, message, e);
        } catch (SQLException e) {
            throw new TransientStageException("DATABASE", tile + ": reading candidates or verdicts failed: "
                    + e.getMessage(), e);
        }
    }

    private static void putCounts(Map<String, Object> metrics, String stage, int input, int kept, int rejected, int reused) {
        metrics.put(stage + ".input", input);
        metrics.put(stage + KEPT, kept);
        metrics.put(stage + ".rejected", rejected);
        metrics.put(stage + ".reused", reused);
    }
}
