package org.vasco.local.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.LoopSettings;
import org.vasco.common.stage.ShareGroupSettlement;
import org.vasco.common.task.Step;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.options.HomeOption;
import org.vasco.local.options.RunTimeoutOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench framework}: how close the framework comes to the ideal as task slots are added. For each slot count
 * a fresh local cluster runs tiles through one step (extract) whose stage only waits {@code --stage-ms}
 * ({@link WaitingStage}), with the slots spread over several worker instances of that step (at most
 * {@code --slots-per-worker} each), through the real broker (share groups, the product's partition count) and PostgreSQL.
 * Every slot count runs the same number of waves: {@code --tiles} at the largest, proportionally fewer below. Each fresh
 * cluster first puts two waves of other tiles through the stage, not measured: a production cluster serves runs with
 * workers that have been up for hours, and a fresh one spends its first seconds compiling code and on set-up at first use in
 * the broker and the database connections (at 256 slots and a 2-s stage that cost 3–5 points of efficiency). Reports per
 * slot count the throughput (tile steps per second, submission to the last DONE), the ideal (slots / stage time), their
 * ratio, and PostgreSQL transactions per tile step (the idle cluster's background subtracted); the last line is the
 * efficiency at the largest slot count.
 */
@Command(name = "framework", mixinStandardHelpOptions = true,
        description = "Throughput of a stage that only waits, per slot count, against the ideal (slots / stage time), with"
                + " PostgreSQL transactions per tile step; ends with the efficiency at the largest slot count.")
public final class BenchFrameworkCommand implements Callable<Integer> {

    /** PostgreSQL 15+ backends report their statistics within 10 s of going idle. */
    private static final Duration STATS_SETTLE = Duration.ofSeconds(11);
    private static final Duration BACKGROUND_WINDOW = Duration.ofSeconds(10);
    private static final Duration JOIN_WITHIN = Duration.ofMinutes(5);
    private static final int WARM_UP_WAVES = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--slots", split = ",", defaultValue = "1,8,64,256", paramLabel = "S[,S...]",
            description = "Task slots of the step, one measurement each, in this order (default: ${DEFAULT-VALUE}).")
    List<Integer> slots;

    @Option(names = "--stage-ms", defaultValue = "2000", paramLabel = "MS",
            description = "How long the stage waits per tile step, in milliseconds (default: ${DEFAULT-VALUE}).")
    long stageMs;

    @Option(names = "--tiles", defaultValue = "2560", paramLabel = "N",
            description = "Tiles at the largest slot count; smaller slot counts run proportionally fewer, so every count runs"
                    + " the same number of waves (default: ${DEFAULT-VALUE}).")
    int tiles;

    @Option(names = "--slots-per-worker", defaultValue = "32", paramLabel = "K",
            description = "Most slots one worker instance runs (VASCO_CONCURRENCY); more slots mean more instances"
                    + " (default: ${DEFAULT-VALUE}).")
    int slotsPerWorker;

    @Mixin
    RunTimeoutOption timeout;

    @Mixin
    HomeOption home;

    private final CliContext context;

    public BenchFrameworkCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<PlanTile> plan = TessellationPlan.generate(PlateCatalogue.bundled());
        int most = slots.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (slots.isEmpty() || slots.stream().anyMatch(s -> s < 1) || stageMs < 1 || slotsPerWorker < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--slots, --stage-ms and --slots-per-worker must be"
                    + " at least 1");
        }
        if (tiles < most || tiles > plan.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tiles: " + tiles + " is not between the largest"
                    + " slot count " + most + " and the plan's " + plan.size() + " tiles");
        }
        Duration stage = Duration.ofMillis(stageMs);
        Environment base = context.cluster().environment();
        if (!base.isSet(ClusterSettings.TOPIC_PARTITIONS)) {
            base = base.with(ClusterSettings.TOPIC_PARTITIONS.name(), ClusterSettings.TOPIC_PARTITIONS.defaultValue());
        }
        int partitions = base.get(ClusterSettings.TOPIC_PARTITIONS);
        Machine.current().print(out);
        out.printf("framework: tiles through one step (extract) whose stage waits %d ms; slots spread over worker instances of"
                + " at most %d slots; %d partitions per topic (share groups); a fresh cluster per slot count; PostgreSQL with"
                + " fsync off (embedded); each cluster warmed up by %d waves of other tiles, not measured%n", stageMs,
                slotsPerWorker, partitions, WARM_UP_WAVES);
        out.flush();
        String stamp = RunSubmission.defaultName("bench-fw", context.clock()).substring("run-".length());
        List<SlotFigures> rows = new ArrayList<>();
        for (int s : slots) {
            int instances = (s + slotsPerWorker - 1) / slotsPerWorker;
            int perInstance = (s + instances - 1) / instances;
            int n = Math.max(s, (int) Math.round((double) tiles * s / most));
            Path state = BenchHome.freshState(context, home, "framework");
            try (BenchCluster bench = BenchCluster.of(LocalCluster.start(state,
                    WaitingStage.everyStep(stage, false, Step.EXTRACT, perInstance), base, step -> step == Step.EXTRACT ? instances : 1))) {
                awaitJoined(bench.cluster(), instances * perInstance);
                List<PlanTile> warmUp = plan.subList(Math.max(0, plan.size() - WARM_UP_WAVES * s), plan.size());
                RunTimeline warm = bench.runGraphToCompletion(stamp + "-s" + s + "-warmup", List.of(Step.EXTRACT), warmUp,
                        context.clock(), timeout.timeout());
                double background = backgroundPerSecond(bench);
                DatabaseActivity before = DatabaseActivity.snapshot(bench.db());
                long from = System.nanoTime();
                RunTimeline run = bench.runGraphToCompletion(stamp + "-s" + s, List.of(Step.EXTRACT), plan.subList(0, n),
                        context.clock(), timeout.timeout());
                settle();
                DatabaseActivity activity = DatabaseActivity.snapshot(bench.db()).since(before);
                double window = (System.nanoTime() - from) / 1e9;
                SlotFigures row = new SlotFigures(instances * perInstance, instances, n, stage, run.span(),
                        (activity.transactions() - background * window) / n);
                rows.add(row);
                out.printf(Locale.ROOT, "  %d slot(s) on %d worker(s): %,d tiles in %s s, %.1f tile steps/s (ideal %.1f);"
                        + " warm-up %,d tiles in %s s%n", row.slots(), instances, n, BenchFormat.seconds(run.span()),
                        row.throughput(), row.ideal(), warmUp.size(), BenchFormat.seconds(warm.span()));
                out.flush();
            }
        }
        SlotFigures.print(out, rows);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Every worker's slots take part in the step's share group: each has polled, and the broker has settled the group's
     * assignment (every one of the {@code slots} members holds partitions at the group's target assignment epoch). A
     * run submitted while hundreds of members still join measures the joining: members without partitions yet take
     * nothing, and the publishers spread the tasks over the members they know of.
     */
    private static void awaitJoined(LocalCluster cluster, int slots) throws Exception {
        long until = System.nanoTime() + JOIN_WITHIN.toNanos();
        String group = LoopSettings.from(cluster.environment(), Step.EXTRACT).groupId();
        try (ShareGroupSettlement settlement = new ShareGroupSettlement(KafkaConnection.from(cluster.environment()), group)) {
            while (!cluster.workers().stream().allMatch(WorkerService::isConsuming) || !settlement.settledWith(slots)) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("The workers did not all join their share groups within " + JOIN_WITHIN);
                }
                pause(Duration.ofMillis(250));
            }
        }
    }

    /** Transactions per second of the idle cluster (outbox publishers' polls, the reconciler), subtracted from each run. */
    private static double backgroundPerSecond(BenchCluster bench) throws Exception {
        settle();
        DatabaseActivity start = DatabaseActivity.snapshot(bench.db());
        long from = System.nanoTime();
        pause(BACKGROUND_WINDOW);
        return DatabaseActivity.snapshot(bench.db()).since(start).transactions() / ((System.nanoTime() - from) / 1e9);
    }

    private static void settle() throws Exception {
        pause(STATS_SETTLE);
    }

    /** Waits on a timer (the statistics collector's delay), not by sleeping the thread in a loop. */
    private static void pause(Duration d) throws Exception {
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS)).get();
    }

    /** One slot count's figures. */
    record SlotFigures(int slots, int workers, int tileSteps, Duration stage, Duration span, double transactionsPerStep) {

        double throughput() {
            return tileSteps / (span.toNanos() / 1e9);
        }

        double ideal() {
            return slots / (stage.toNanos() / 1e9);
        }

        double efficiency() {
            return throughput() / ideal();
        }

        static void print(PrintWriter out, List<SlotFigures> rows) {
            out.printf("%n%7s %8s %10s %9s %14s %14s %11s %9s%n", "slots", "workers", "tile-steps", "wall s", "steps/s",
                    "ideal steps/s", "efficiency", "txn/step");
            for (SlotFigures r : rows) {
                out.printf(Locale.ROOT, "%,7d %8d %,10d %9.2f %14.1f %14.1f %10.1f%% %9.2f%n", r.slots(), r.workers(), r.tileSteps(),
                        r.span().toNanos() / 1e9, r.throughput(), r.ideal(), 100 * r.efficiency(), r.transactionsPerStep());
            }
            out.printf("(wall = submission to the last DONE; ideal = slots / stage time; txn/step = PostgreSQL transactions per"
                    + " tile step, the idle cluster's subtracted)%n");
            SlotFigures last = rows.stream().max(java.util.Comparator.comparingInt(SlotFigures::slots)).orElseThrow();
            out.printf(Locale.ROOT, "efficiency at %d slots: %.1f%%%n", last.slots(), 100 * last.efficiency());
        }
    }
}
