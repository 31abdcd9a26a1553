package org.vasco.local.bench;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.vasco.common.service.WorkerLauncher;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageResult;
import org.vasco.common.task.Step;
import org.vasco.local.cluster.StageRegistry;

/**
 * A stage that only waits: what is left of a tile step is the framework's own work (decode, claim, lease, complete, queue
 * the next step, publish it, acknowledge) around a fixed stage time. Used only by {@code vasco bench framework} and
 * {@code vasco bench soak}; never wired in production. When counted, its result carries one database effect that adds 1
 * to its tile's share of a ledger of its step (stage {@value #LEDGER_PREFIX}{@code <step>}: a row of
 * {@code stage_ledger_tile} per tile, as the veto step writes its ledgers, so concurrent completions never queue on one
 * row): the effect commits with DONE, so the ledger's total over a step (the view {@code stage_ledger}) is how many times
 * that step's completions were applied, and must equal its DONE rows.
 */
final class WaitingStage implements org.vasco.common.stage.TileStage {

    /** Prefix of the ledger rows a counted stage writes. */
    static final String LEDGER_PREFIX = "bench:";

    private final Step step;
    private final Duration wait;
    private final boolean counted;

    WaitingStage(Step step, Duration wait, boolean counted) {
        this.step = step;
        this.wait = wait;
        this.counted = counted;
    }

    /** Workers of every step of the local distribution running this stage, with {@code concurrency} for {@code busy}. */
    static StageRegistry everyStep(Duration wait, boolean counted, Step busy, int concurrency) {
        StageRegistry registry = StageRegistry.empty();
        for (Step s : StageRegistry.WORKER_STEPS) {
            WorkerLauncher launcher = (env, metrics) -> WorkerService.start(env, new WaitingStage(s, wait, counted), List.of(), metrics);
            registry = registry.with(s, s != busy ? launcher : (env, metrics) -> launcher.start(
                    env.with(org.vasco.common.config.ClusterSettings.CONCURRENCY.name(), Integer.toString(concurrency)), metrics));
        }
        return registry;
    }

    @Override
    public Step step() {
        return step;
    }

    @Override
    public StageResult run(StageContext context) throws InterruptedException {
        if (!wait.isZero()) {
            Thread.sleep(wait.toMillis());
        }
        if (!counted) {
            return StageResult.done(Map.of());
        }
        String run = context.task().runId();
        String ledger = LEDGER_PREFIX + step.label();
        String tile = context.task().tileId();
        return StageResult.done(Map.of(), List.of(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO stage_ledger_run (run_id, stage) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, run);
                ps.setString(2, ledger);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_ledger_tile (run_id, stage, tile_id, input_rows,"
                    + " kept_rows, flagged_rows, rejected_rows) VALUES (?, ?, ?, 1, 0, 0, 0) ON CONFLICT (run_id, stage, tile_id)"
                    + " DO UPDATE SET input_rows = stage_ledger_tile.input_rows + 1")) {
                ps.setString(1, run);
                ps.setString(2, ledger);
                ps.setString(3, tile);
                ps.executeUpdate();
            }
        }));
    }
}
