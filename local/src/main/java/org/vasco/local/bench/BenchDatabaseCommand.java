package org.vasco.local.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vasco.common.db.Database;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.coordinator.api.RunQueries;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.coordinator.outbox.OutboxPruner;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.reconcile.Reconciler;
import org.vasco.coordinator.run.LongestTilesFirst;
import org.vasco.coordinator.run.RunStatusQuery;
import org.vasco.local.options.HomeOption;
import org.vasco.testkit.services.EmbeddedPostgresServer;
import org.vasco.veto.chain.VetoChainRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench database}: what the coordinator's periodic rounds and the status queries cost on a plan-scale
 * history. A scratch embedded PostgreSQL (in {@code <home>/bench/database}, emptied first) gets the schema, the plan and {@link PlanScaleHistory} ({@code --runs}
 * finished runs over the whole plan and one in progress: over 650,000 {@code run_tile} rows with the defaults). Each
 * measured operation is the production code's own call, timed {@code --repeat} times (median reported): a finaliser
 * round, a reconciler round, {@code vasco status} of the run in progress and of a finished run, the API's run list and
 * funnel, the stage ledger of the flagged run (the view) and what a veto completion adds for it (one tile's shares
 * recounted). The plans of the finaliser's and the reconciler's queries and of the ledger view are printed with
 * {@code EXPLAIN (ANALYZE, BUFFERS)}; last, one outbox pruning round is timed.
 *
 * <p>Ends with one line: {@code database at plan scale (<rows> run_tile rows): finaliser round <ms> ms, reconciler
 * round <ms> ms, status <ms> ms}. Exit codes: 0 measured, 2 bad options.
 */
@Command(name = "database", mixinStandardHelpOptions = true,
        description = "Measure the coordinator's rounds (finaliser, reconciler) and the status queries on a plan-scale"
                + " history (over 650,000 run_tile rows).")
public final class BenchDatabaseCommand implements Callable<Integer> {

    /**
     * The reconciler's stale time: an hour, so that the measured rounds stay quiet (the history's tasks were published
     * minutes before, while it was written); the queries read the same rows as with the default of 60 s.
     */
    private static final String STALE = "3600000 milliseconds";

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "12", description = "Finished runs over the whole plan (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--repeat", defaultValue = "11", description = "Timed calls of each operation; the median is reported"
            + " (default ${DEFAULT-VALUE})")
    int repeat;

    @Mixin
    HomeOption home;

    private final CliContext context;

    public BenchDatabaseCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1 || repeat < 1) {
            spec.commandLine().getErr().println("--runs and --repeat must be at least 1");
            return 2;
        }
        Machine.current().print(out);
        // The scratch database lives in <home>/bench/database, emptied first (as every bench's cluster): about 1.5 GB.
        Path dir = BenchHome.freshState(context, home, "database");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.at(dir, 0).start();
        try (Database db = Database.open(server.connection(2), "bench-database").migrate()) {
            PlanCatalogueLoader.bundled().ensureLoaded(db);
            long started = System.nanoTime();
            long rows = PlanScaleHistory.write(db, runs);
            out.printf(Locale.ROOT, "history: %,d run_tile rows (%d finished runs over the plan and one in progress), %s;"
                    + " written in %.0f s%n", rows, runs, otherRows(db), (System.nanoTime() - started) / 1e9);
            out.println("sizes: " + sizes(db));
            out.printf("%-34s %10s%n", "operation", "median ms");
            Map<String, Double> medians = new LinkedHashMap<>();
            RunFinaliser finaliser = new RunFinaliser(db);
            measure(out, medians, "finaliser round", finaliser::finaliseDueRuns);
            Reconciler reconciler = new Reconciler(db, Duration.ofSeconds(15), Duration.ofHours(1), new SimpleMeterRegistry());
            measure(out, medians, "reconciler round", reconciler::reconcileOnce);
            RunStatusQuery status = new RunStatusQuery(db, Clock.systemUTC());
            measure(out, medians, "status (run in progress)", () -> status.status(PlanScaleHistory.LIVE));
            measure(out, medians, "status (finished run)", () -> status.status(PlanScaleHistory.FLAGGED_RUN));
            RunQueries queries = new RunQueries(db);
            measure(out, medians, "API run list", queries::runs);
            measure(out, medians, "funnel (flagged run)", () -> queries.funnel(PlanScaleHistory.FLAGGED_RUN));
            measure(out, medians, "stage ledger (view), flagged run", () -> ledgerRead(db));
            VetoChainRunner chain = PlanScaleHistory.postStages();
            String tile = firstTile(db);
            measure(out, medians, "ledger refresh, one tile", () -> ledgerRefresh(db, chain, tile));
            List<PlanTile> plan = TessellationPlan.generate(PlateCatalogue.bundled());
            List<PlanTile> plate = plan.stream().filter(t -> t.plateId().equals(plan.get(0).plateId())).toList();
            measure(out, medians, "submission order, one plate", () -> submissionOrder(db, plate));
            measure(out, medians, "submission order, whole plan", () -> submissionOrder(db, plan));
            out.println("plan of the finaliser's due-run query:");
            explain(db, c -> c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + RunFinaliser.DUE)).forEach(l -> out.println("  " + l));
            out.println("plan of the reconciler's expired-lease query:");
            explain(db, c -> c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + Reconciler.EXPIRED_LEASES), STALE, 500)
                    .forEach(l -> out.println("  " + l));
            out.println("plan of the reconciler's stale-task query:");
            explain(db, c -> c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + Reconciler.STALE_QUEUED), STALE, STALE, 500)
                    .forEach(l -> out.println("  " + l));
            out.println("plan of the stage ledger of the flagged run (the view stage_ledger):");
            explain(db, c -> c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM stage_ledger WHERE run_id = ?"),
                    PlanScaleHistory.FLAGGED_RUN).forEach(l -> out.println("  " + l));
            long t0 = System.nanoTime();
            int pruned = new OutboxPruner(db, Duration.ofDays(7), new SimpleMeterRegistry()).pruneOnce();
            out.printf(Locale.ROOT, "outbox prune round (rows published more than 7 days ago): %,d rows deleted in %.0f ms%n",
                    pruned, (System.nanoTime() - t0) / 1e6);
            out.printf(Locale.ROOT, "database at plan scale (%,d run_tile rows): finaliser round %.1f ms, reconciler round %.1f ms,"
                    + " status %.1f ms%n", rows, medians.get("finaliser round"), medians.get("reconciler round"),
                    medians.get("status (run in progress)"));
            return 0;
        } finally {
            server.stop();
        }
    }

    /** A run's stage ledger, as the API's funnel and the fault suite read it. */
    private static Object ledgerRead(Database db) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT stage, input_rows, kept_rows,"
                + " totals::text FROM stage_ledger WHERE run_id = ?")) {
            ps.setString(1, PlanScaleHistory.FLAGGED_RUN);
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                return n;
            }
        }
    }

    /** What a veto completion adds to its transaction for the ledger: its tile's shares recounted (rolled back here). */
    private static Object ledgerRefresh(Database db, VetoChainRunner chain, String tile) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                chain.refreshLedgers(c, PlanScaleHistory.FLAGGED_RUN, List.of(tile));
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        return null;
    }

    /** What a submission does before it writes anything: its tiles' history read, and the tiles put longest first. */
    private static List<PlanTile> submissionOrder(Database db, List<PlanTile> tiles) throws SQLException {
        try (Connection c = db.connection()) {
            return LongestTilesFirst.order(c, tiles);
        }
    }

    @FunctionalInterface
    private interface Operation {
        Object call() throws Exception;
    }

    /** Measures {@code operation} ({@link #median}) and prints the figure at once. */
    private void measure(PrintWriter out, Map<String, Double> medians, String name, Operation operation) throws Exception {
        double ms = median(operation);
        medians.put(name, ms);
        out.printf(Locale.ROOT, "%-34s %10.1f%n", name, ms);
        out.flush();
    }

    /** Median wall time of {@link #repeat} calls, after one call to warm the caches. */
    private double median(Operation operation) throws Exception {
        operation.call();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            operation.call();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ms);
        return ms.get(ms.size() / 2);
    }

    /** Prepares one EXPLAIN statement, its SQL text a literal where it is called. */
    @FunctionalInterface
    private interface ExplainStatement {
        PreparedStatement prepare(Connection c) throws SQLException;
    }

    /** The plan {@code statement} gives with {@code parameters} bound, in a transaction rolled back. */
    private static List<String> explain(Database db, ExplainStatement statement, Object... parameters) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = statement.prepare(c)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        return lines;
    }

    private static String firstTile(Database db) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT min(tile_id) FROM tile");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String otherRows(Database db) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM outbox),"
                + " (SELECT count(*) FROM candidate_flag)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return String.format(Locale.ROOT, "%,d outbox rows, %,d candidate_flag rows", rs.getLong(1), rs.getLong(2));
        }
    }

    private static String sizes(Database db) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT string_agg(relname || ' '"
                + " || pg_size_pretty(pg_relation_size(oid)), ', ' ORDER BY relname) FROM pg_class"
                + " WHERE relname IN ('run_tile', 'outbox', 'candidate_flag', 'stage_ledger_tile')"
                + " OR (relkind = 'i' AND relname ~ '^(run_tile|outbox)_')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
