package org.vasco.veto.tile;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.db.Database;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.veto.chain.CandidateRows;
import org.vasco.veto.chain.VetoChainRunner;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.VetoStageException;

/**
 * The VETO step: the run's candidates on the task's tile (the {@code candidate} rows the xmatch step left) go
 * through the enabled post stages in release order (SPEC §9). The verdicts ({@code candidate_flag}) and the run's
 * stage totals ({@code stage_ledger}) are returned as the result's database effects, so they commit in the
 * transaction that marks the step DONE: a failed or abandoned attempt leaves none behind, and a retry re-judges
 * (re-using verdicts only of earlier, committed attempts with identical inputs).
 * <p>
 * Failures: a stage whose service fails after its retries fails the attempt with {@link TransientStageException}
 * (reason {@code VETO_<stage>}, message naming the service's answer), so the framework retries and finally marks
 * the tile FAILED; a stage that cannot ever judge (e.g. VSX enabled but never imported) fails it with
 * {@link PermanentStageException}. Candidates are never passed on unchecked.
 * <p>
 * Metrics: {@code candidates}, {@code survivors}, and per stage {@code <stage>.input}, {@code .kept},
 * {@code .rejected}, {@code .reused} for this tile. A tile without candidates is DONE with zeros and sends
 * nothing to any service. Thread-safe: the chain's stages are.
 */
public final class VetoTileStage implements TileStage {

    private final Database database;
    private final VetoChainRunner chain;

    public VetoTileStage(Database database, VetoChainRunner chain) {
        this.database = database;
        this.chain = chain;
    }

    @Override
    public Step step() {
        return Step.VETO;
    }

    @Override
    public StageResult run(StageContext context) throws StageException, InterruptedException {
        TileTask task = context.task();
        String tile = task.tile().toString();
        // Auto-commit reads only: the candidates and the stored verdicts a re-run may re-use. Nothing is written
        // here; the writes are the result's effects.
        try (Connection c = database.connection()) {
            List<Candidate> candidates = CandidateRows.ofTile(c, task.runId(), tile);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("candidates", candidates.size());
            if (candidates.isEmpty()) {
                metrics.put("survivors", 0);
                for (var stage : chain.stages()) {
                    putCounts(metrics, stage.name(), 0, 0, 0, 0);
                }
                return StageResult.done(metrics);
            }
            VetoChainRunner.Judged judged = chain.judge(c, task.runId(), candidates);
            metrics.put("survivors", judged.result().survivors().size());
            for (VetoChainRunner.StageOutcome o : judged.result().stages()) {
                putCounts(metrics, o.stage(), o.input(), o.kept(), o.rejected(), o.reused());
            }
            return StageResult.done(metrics, List.of(judged.writes()::apply));
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
        metrics.put(stage + ".kept", kept);
        metrics.put(stage + ".rejected", rejected);
        metrics.put(stage + ".reused", reused);
    }
}
