package org.vasco.testkit.framework;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.task.Step;

/**
 * A real {@link TileStage} whose work is given by the test, counting its invocations per run. Its DONE result
 * carries a database effect that increments the {@code input_rows} of its tile's share of the (run, step) ledger
 * ({@code stage_ledger_tile}, summed by the view {@code stage_ledger}), so a test can see how many times a stage's effect
 * was committed, not merely how many times the stage ran.
 */
final class ScriptedStage implements TileStage {

    /** What one invocation does; {@code invocation} counts from 1 per run. */
    @FunctionalInterface
    interface Work {
        StageResult run(StageContext context, int invocation) throws StageException, InterruptedException;
    }

    private final Step step;
    private final Work work;
    private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();

    ScriptedStage(Step step, Work work) {
        this.step = step;
        this.work = work;
    }

    /** Completes at once with metrics and the counting effect. */
    static ScriptedStage completing(Step step) {
        return new ScriptedStage(step, (context, n) -> countedDone(context));
    }

    static StageResult countedDone(StageContext context) {
        String run = context.task().runId();
        String stage = context.task().step().label();
        String tile = context.task().tileId();
        return StageResult.done(Map.of("sources", 42, "attempt", context.attempt()), List.of(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO stage_ledger_run (run_id, stage) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, run);
                ps.setString(2, stage);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_ledger_tile (run_id, stage, tile_id, input_rows,"
                    + " kept_rows, flagged_rows, rejected_rows) VALUES (?, ?, ?, 1, 0, 0, 0) ON CONFLICT (run_id, stage, tile_id)"
                    + " DO UPDATE SET input_rows = stage_ledger_tile.input_rows + 1")) {
                ps.setString(1, run);
                ps.setString(2, stage);
                ps.setString(3, tile);
                ps.executeUpdate();
            }
        }));
    }

    @Override
    public Step step() {
        return step;
    }

    @Override
    public StageResult run(StageContext context) throws StageException, InterruptedException {
        int n = invocations.computeIfAbsent(context.task().runId(), k -> new AtomicInteger()).incrementAndGet();
        return work.run(context, n);
    }

    int invocations(String runId) {
        AtomicInteger n = invocations.get(runId);
        return n == null ? 0 : n.get();
    }
}
