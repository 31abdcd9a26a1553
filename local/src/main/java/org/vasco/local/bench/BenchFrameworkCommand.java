package org.vasco.local.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.local.options.HomeOption;
import org.vasco.local.options.RunTimeoutOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench framework}: what the framework itself costs per tile step, and whether that stays flat as the
 * queue grows. A local cluster whose four workers run {@link CompletingStage} (a stage that only completes) takes runs
 * of 100 and 1,000 queued tiles; what each tile step costs is then only the framework's: decode, claim, complete,
 * queue the next step, publish it through the outbox and Kafka. Reports wall time and CPU per tile step, PostgreSQL
 * transactions and per-table work per tile step (idle background subtracted), and the idle gap between steps.
 */
@Command(name = "framework", mixinStandardHelpOptions = true,
        description = "The framework's own cost per tile step (claim, complete, outbox, Kafka) with a stage that only"
                + " completes, for growing queues (default 100 and 1,000 tiles); says whether it stays flat.")
public final class BenchFrameworkCommand implements Callable<Integer> {

    /** PostgreSQL 15+ backends report their statistics within 10 s of going idle. */
    private static final Duration STATS_SETTLE = Duration.ofSeconds(11);
    private static final Duration BACKGROUND_WINDOW = Duration.ofSeconds(10);
    /** Cost per tile step at the largest queue within this factor of the smallest's counts as flat. */
    private static final double FLAT_TOLERANCE = 1.25;

    @Spec
    CommandSpec spec;

    @Option(names = "--tiles", split = ",", defaultValue = "100,1000", paramLabel = "N[,N...]",
            description = "Queue sizes, one run each, in this order (default: ${DEFAULT-VALUE}).")
    List<Integer> tiles;

    @Option(names = "--concurrency", defaultValue = "2",
            description = "Stage threads per worker (VASCO_CONCURRENCY; default: ${DEFAULT-VALUE}).")
    int concurrency;

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
        for (int n : tiles) {
            if (n < 1 || n > plan.size()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tiles: " + n + " is not between 1 and the plan's "
                        + plan.size() + " tiles");
            }
        }
        Path state = BenchHome.freshState(context, home, "framework");
        Machine.current().print(out);
        Environment base = context.cluster().environment().with(ClusterSettings.CONCURRENCY.name(), Integer.toString(concurrency));
        List<Row> rows = new ArrayList<>();
        try (BenchCluster bench = BenchCluster.start(state, CompletingStage.everyStep(), base, "real", 0, 1)) {
            int partitions = bench.cluster().environment().get(ClusterSettings.TOPIC_PARTITIONS);
            out.printf("framework: a worker per step (download, extract, xmatch, veto) running a stage that only completes,"
                    + " %d stage threads each, %d partitions per topic; PostgreSQL with fsync off (embedded)%n", concurrency, partitions);
            out.flush();
            settle();
            DatabaseActivity idleStart = DatabaseActivity.snapshot(bench.db());
            long idleFrom = System.nanoTime();
            pause(BACKGROUND_WINDOW);
            DatabaseActivity idle = DatabaseActivity.snapshot(bench.db()).since(idleStart);
            double idleSeconds = (System.nanoTime() - idleFrom) / 1e9;
            double backgroundPerSecond = idle.transactions() / idleSeconds;
            out.printf(Locale.ROOT, "background of the idle cluster: %.1f transactions/s (outbox publishers' idle polls, the"
                    + " reconciler), subtracted below%n", backgroundPerSecond);
            String stamp = RunSubmission.defaultName("bench-fw", context.clock()).substring("run-".length());
            for (int n : tiles) {
                DatabaseActivity before = DatabaseActivity.snapshot(bench.db());
                long from = System.nanoTime();
                Duration cpuBefore = CpuTime.now();
                double duplicatesBefore = duplicates(bench);
                double republishedBefore = republished(bench);
                RunTimeline run = bench.runToCompletion(stamp + "-" + n, RunMode.FULL, plan.subList(0, n), context.clock(), timeout.timeout());
                Duration cpu = CpuTime.now().minus(cpuBefore);
                double duplicates = duplicates(bench) - duplicatesBefore;
                double republished = republished(bench) - republishedBefore;
                settle();
                DatabaseActivity activity = DatabaseActivity.snapshot(bench.db()).since(before);
                double window = (System.nanoTime() - from) / 1e9;
                rows.add(new Row(n, run, cpu, activity, backgroundPerSecond * window, idle, idleSeconds, window, duplicates,
                        republished));
                out.printf("  %,d tiles done in %s s%n", n, BenchFormat.seconds(run.span()));
                out.flush();
            }
        }
        print(out, rows);
        out.flush();
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, List<Row> rows) {
        out.printf("%n%7s %10s %9s %10s %13s %12s %9s %11s %12s %12s%n", "tiles", "tile-steps", "wall s", "tiles/min",
                "wall ms/step", "CPU ms/step", "txn/step", "duplicates", "republished", "wait p50 ms");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%,7d %,10d %9.2f %10.0f %13.2f %12.2f %9.2f %11.0f %12.0f %12.1f%n", r.tiles, r.tileSteps(),
                    r.wallSeconds(), r.tiles * 60 / r.wallSeconds(), 1000 * r.wallSeconds() / r.tileSteps(),
                    r.cpu.toNanos() / 1e6 / r.tileSteps(), r.transactionsPerStep(), r.duplicates, r.republished,
                    r.gapMillis(0.5));
        }
        out.printf("(wall = submission to last DONE over tile steps; CPU = this JVM, i.e. broker, coordinator and workers,"
                + " plus PostgreSQL; duplicates = deliveries whose claim found nothing to do; republished = tasks the"
                + " reconciler sent again; wait = a step queued -> claimed, which in a bulk run is mostly queueing)%n");
        out.printf("%nPostgreSQL work per tile step (scans = statements that read or updated rows by index or scan;"
                + " rows = inserted + updated + deleted; idle background subtracted):%n");
        for (Row r : rows) {
            List<String> parts = new ArrayList<>();
            r.perStepTables().forEach((table, v) -> parts.add(String.format(Locale.ROOT, "%s %.2f scans %.2f rows", table, v[0], v[1])));
            out.printf("  %,d tiles: %s%n", r.tiles, String.join("; ", parts));
        }
        Row first = rows.get(0);
        Row last = rows.get(rows.size() - 1);
        double wallRatio = (last.wallSeconds() / last.tileSteps()) / (first.wallSeconds() / first.tileSteps());
        double cpuRatio = (last.cpu.toNanos() / (double) last.tileSteps()) / (first.cpu.toNanos() / (double) first.tileSteps());
        double txnRatio = last.transactionsPerStep() / first.transactionsPerStep();
        boolean flat = wallRatio <= FLAT_TOLERANCE && cpuRatio <= FLAT_TOLERANCE && txnRatio <= FLAT_TOLERANCE;
        out.printf(Locale.ROOT, "%nfrom %,d to %,d tiles, per tile step: wall x%.2f, CPU x%.2f, transactions x%.2f%n",
                first.tiles, last.tiles, wallRatio, cpuRatio, txnRatio);
        out.printf(Locale.ROOT, "framework cost per tile step: %.2f ms wall, %.2f ms CPU at %,d tiles; %.2f ms wall, %.2f ms CPU"
                        + " at %,d tiles: %s%n", 1000 * first.wallSeconds() / first.tileSteps(),
                first.cpu.toNanos() / 1e6 / first.tileSteps(), first.tiles, 1000 * last.wallSeconds() / last.tileSteps(),
                last.cpu.toNanos() / 1e6 / last.tileSteps(), last.tiles, flat ? "flat" : "grows");
    }

    /** Deliveries whose claim found the step already settled or held (a task published more than once). */
    private static double duplicates(BenchCluster bench) throws Exception {
        return ScrapedMetrics.total(bench.cluster().httpPorts(), "vasco_claims_total", "result=\"duplicate\"");
    }

    private static double republished(BenchCluster bench) throws Exception {
        return ScrapedMetrics.total(bench.cluster().httpPorts(), "vasco_reconciler_requeued_total", "");
    }

    private static void settle() throws Exception {
        pause(STATS_SETTLE);
    }

    /** Waits on a timer (the statistics collector's delay), not by sleeping the thread in a loop. */
    private static void pause(Duration d) throws Exception {
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS)).get();
    }

    /** One queue size's figures. */
    private record Row(int tiles, RunTimeline run, Duration cpu, DatabaseActivity activity, double backgroundTransactions,
                       DatabaseActivity idle, double idleSeconds, double windowSeconds, double duplicates, double republished) {

        int tileSteps() {
            return run.steps().size();
        }

        double wallSeconds() {
            return run.span().toNanos() / 1e9;
        }

        double transactionsPerStep() {
            return (activity.transactions() - backgroundTransactions) / tileSteps();
        }

        double gapMillis(double quantile) {
            List<Double> gaps = run.steps().stream().map(s -> s.idleGap().toNanos() / 1e6).sorted(Comparator.naturalOrder()).toList();
            return gaps.get(Math.min(gaps.size() - 1, (int) Math.floor(quantile * gaps.size())));
        }

        Map<String, double[]> perStepTables() {
            Map<String, double[]> per = new TreeMap<>();
            activity.tables().forEach((table, v) -> {
                long[] bg = idle.tables().getOrDefault(table, new long[2]);
                double scale = windowSeconds / idleSeconds;
                per.put(table, new double[] {(v[0] - bg[0] * scale) / tileSteps(), (v[1] - bg[1] * scale) / tileSteps()});
            });
            return per;
        }
    }
}
