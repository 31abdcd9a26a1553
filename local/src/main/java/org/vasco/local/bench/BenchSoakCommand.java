package org.vasco.local.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.Setting;
import org.vasco.common.db.Database;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.service.WorkerService;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.RunStatusQuery;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.options.HomeOption;
import org.vasco.local.options.RunTimeoutOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench soak}: the plan's tiles through every step of the default run mode, each step's stage only waiting
 * {@code --stage-ms} ({@link WaitingStage}, counted: every completion adds 1 to its step's ledger in the same transaction),
 * while a randomly chosen worker is killed every {@code --kill-every} — as {@code kill -9} would: nothing released,
 * acknowledged or committed — and replaced by a new worker in the same share group. Once the run is finalised, each step
 * must have every tile DONE and its completions applied exactly as often (a completion applied twice would add twice).
 * Prints the kills, the time taken and, last, {@code final exactly once: <n>/<n>} over the run's tile steps.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "The plan's tile steps through a stage that only waits, a random worker killed every interval; ends"
                + " with how many tile steps were final and applied exactly once.")
public final class BenchSoakCommand implements Callable<Integer> {

    private static final Duration LOOK_EVERY = Duration.ofMillis(500);

    @Spec
    CommandSpec spec;

    @Option(names = "--tiles", defaultValue = "11733", paramLabel = "N",
            description = "Tiles of the plan, first by plan order (default: ${DEFAULT-VALUE}, the whole plan).")
    int tiles;

    @Option(names = "--stage-ms", defaultValue = "20", paramLabel = "MS",
            description = "How long each step's stage waits per tile, in milliseconds (default: ${DEFAULT-VALUE}).")
    long stageMs;

    @Option(names = "--kill-every", defaultValue = "30s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How often a random worker is killed and replaced: 30s, 2m, PT1M (default: ${DEFAULT-VALUE}).")
    Duration killEvery;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "W",
            description = "Worker instances per step (default: ${DEFAULT-VALUE}).")
    int workersPerStep;

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "C",
            description = "Task slots per worker instance (VASCO_CONCURRENCY; default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--seed", defaultValue = "20261206", paramLabel = "SEED",
            description = "Seed of the choice of workers to kill, so a soak reproduces (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    RunTimeoutOption timeout;

    @Mixin
    HomeOption home;

    private final CliContext context;

    public BenchSoakCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<PlanTile> plan = TessellationPlan.generate(PlateCatalogue.bundled());
        if (tiles < 1 || tiles > plan.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tiles: " + tiles + " is not between 1 and the plan's "
                    + plan.size() + " tiles");
        }
        if (stageMs < 0 || workersPerStep < 1 || concurrency < 1 || killEvery.isNegative() || killEvery.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stage-ms must not be negative; --workers,"
                    + " --concurrency and --kill-every must be positive");
        }
        Environment base = soakSettings(context.cluster().environment()).with(ClusterSettings.CONCURRENCY.name(),
                Integer.toString(concurrency));
        Machine.current().print(out);
        out.printf("soak: %,d tiles through %s, each step's stage waiting %d ms; %d workers per step, %d slots each; a random"
                        + " worker killed (as kill -9) and replaced every %s; lease %s, reconciler every %s, stale after %s; %s"
                        + " partitions per topic%n", tiles, RunMode.DEFAULT.steps().stream().map(s -> s.label()).toList(), stageMs,
                workersPerStep, concurrency, BenchFormat.seconds(killEvery), base.get(ClusterSettings.LEASE),
                base.get(FrameworkSettings.RECONCILE_INTERVAL), base.get(FrameworkSettings.RECONCILE_STALE),
                base.get(ClusterSettings.TOPIC_PARTITIONS));
        out.flush();
        Path state = BenchHome.freshState(context, home, "soak");
        StageRegistry stages = WaitingStage.everyStep(Duration.ofMillis(stageMs), true, null, concurrency);
        String runId = RunSubmission.defaultName("bench-soak", context.clock());
        Random random = new Random(seed);
        try (BenchCluster bench = BenchCluster.of(LocalCluster.start(state, stages, base, step -> workersPerStep))) {
            long start = System.nanoTime();
            new RunSubmission(bench.db()).submit(runId, RunMode.DEFAULT, plan.subList(0, tiles), Map.of("bench", "soak"));
            RunStatusQuery query = new RunStatusQuery(bench.db(), context.clock());
            long deadline = start + timeout.timeout().toNanos();
            long nextKill = start + killEvery.toNanos();
            int kills = 0;
            RunStatus status = query.status(runId);
            while (!status.complete() || !finalised(bench.db(), runId)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The soak run " + runId + " was not final within " + timeout.timeout()
                            + "; its state stays in " + state);
                }
                if (System.nanoTime() >= nextKill && !status.complete()) {
                    List<WorkerService> running = bench.cluster().workers();
                    WorkerService victim = running.get(random.nextInt(running.size()));
                    int held = held(bench.db(), runId, victim.owner());
                    bench.cluster().crashAndReplace(victim);
                    kills++;
                    out.printf(Locale.ROOT, "  %s: killed the %s worker %s holding %d tile step(s); replaced in its share group"
                                    + " (%,d of %,d tiles final)%n", BenchFormat.seconds(Duration.ofNanos(System.nanoTime() - start)),
                            victim.step().label(), victim.owner(), held, status.finishedTiles(), status.tiles());
                    out.flush();
                    nextKill += killEvery.toNanos();
                }
                pause(LOOK_EVERY);
                status = query.status(runId);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Map<String, long[]> perStep = ledger(bench.db(), runId);
            long n = 0;
            long exactlyOnce = 0;
            out.printf("%n%-10s %10s %10s %10s%n", "step", "tiles", "DONE", "applied");
            for (Map.Entry<String, long[]> e : perStep.entrySet()) {
                long[] v = e.getValue();
                out.printf(Locale.ROOT, "%-10s %,10d %,10d %,10d%n", e.getKey(), v[0], v[1], v[2]);
                n += v[0];
                // The effect commits only with DONE, so applied = DONE when each completion was applied once; a completion
                // applied twice would count twice, and takes a tile step off the exactly-once count.
                exactlyOnce += Math.max(0, v[1] - Math.abs(v[2] - v[1]));
            }
            out.printf(Locale.ROOT, "%d worker(s) killed; %,d tile steps in %s s (%.1f tile steps/s)%n", kills, n,
                    BenchFormat.seconds(took), n / (took.toNanos() / 1e9));
            out.printf(Locale.ROOT, "final exactly once: %d/%d%n", exactlyOnce, n);
            out.flush();
            return exactlyOnce == n ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /** Recovery sized for a soak: a killed worker's steps are claimable after 15 s and published again within 2 s. */
    private static Environment soakSettings(Environment env) {
        Environment soak = env;
        Map<Setting<?>, String> defaults = Map.of(ClusterSettings.LEASE, "15s", FrameworkSettings.RECONCILE_INTERVAL, "2s",
                FrameworkSettings.RECONCILE_STALE, "20s", ClusterSettings.TOPIC_PARTITIONS,
                ClusterSettings.TOPIC_PARTITIONS.defaultValue(), ClusterSettings.RETRY_BACKOFF, "1s");
        for (Map.Entry<Setting<?>, String> d : defaults.entrySet()) {
            if (!env.isSet(d.getKey())) {
                soak = soak.with(d.getKey().name(), d.getValue());
            }
        }
        return soak;
    }

    private static boolean finalised(Database db, String runId) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT state FROM run WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "FINALISED".equals(rs.getString(1));
            }
        }
    }

    private static int held(Database db, String runId, String owner) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM run_tile WHERE run_id = ? AND state = 'RUNNING' AND lease_owner = ?")) {
            ps.setString(1, runId);
            ps.setString(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Per step: its run_tile rows, those DONE, and the completions its ledger counted. */
    private static Map<String, long[]> ledger(Database db, String runId) throws SQLException {
        Map<String, long[]> perStep = new TreeMap<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT step, count(*), count(*) FILTER (WHERE state = 'DONE') FROM run_tile WHERE run_id = ? GROUP BY step")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        perStep.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), 0});
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT split_part(stage, ':', 2), sum(input_rows) FROM stage_ledger WHERE run_id = ? AND stage LIKE ?"
                            + " GROUP BY 1")) {
                ps.setString(1, runId);
                ps.setString(2, WaitingStage.LEDGER_PREFIX + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        perStep.computeIfAbsent(rs.getString(1), k -> new long[3])[2] = rs.getLong(2);
                    }
                }
            }
        }
        return perStep;
    }

    private static void pause(Duration d) throws Exception {
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS)).get();
    }

    /** Reads a duration as the settings do: 30s, 500ms, 2m or ISO-8601. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Setting.parseDuration(value);
        }
    }
}
