package org.vasco.local.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vasco.common.db.Database;
import org.vasco.common.task.Step;
import org.vasco.coordinator.backlog.StepBacklog;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import org.vasco.testkit.services.EmbeddedPostgresServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench backlog}: what the backlog query costs at plan scale. It runs once per step for the coordinator's
 * gauge every {@code VASCO_RECONCILE_INTERVAL} and once per ScaledObject for KEDA every 30 s, so it must not grow with
 * the history that {@code run_tile} accumulates.
 *
 * <p>A scratch embedded PostgreSQL gets the schema, the plan (11,733 tiles) and {@code --runs} finished runs over the
 * whole plan (every tile through every step: DONE, some SKIPPED or FAILED) plus one run in progress: downloads done,
 * extract mostly waiting (QUEUED, some RETRY of which half still back off), some running and done, xmatch waiting
 * behind the tiles extract finished. Then {@code EXPLAIN (ANALYZE, BUFFERS)} of {@link StepBacklog#WAITING_TILE_STEPS} per
 * step, {@code --repeat} times (median reported), with the partial index {@code run_tile_backlog_idx}, then, in a
 * transaction rolled back afterwards, with only the indexes of V1 ({@code run_tile_state_idx},
 * {@code run_tile_run_step_idx}) and with none.
 *
 * <p>Ends with one line: {@code backlog query on <rows> run_tile rows: <ms> ms per step at most (<scan>), <ms> ms on
 * the indexes of V1 alone, <ms> ms without an index}. Exit codes: 0 measured, 2 bad options.
 */
@Command(name = "backlog", mixinStandardHelpOptions = true,
        description = "Measure the step backlog query (KEDA's scaler, the coordinator's gauge) on a plan-scale run_tile.")
public final class BenchBacklogCommand implements Callable<Integer> {

    private static final Pattern EXECUTION = Pattern.compile("Execution Time: ([0-9.]+) ms");

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", defaultValue = "10", description = "Finished runs over the whole plan (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--repeat", defaultValue = "21", description = "Executions of each query; the median is reported (default ${DEFAULT-VALUE})")
    int repeat;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 0 || repeat < 1) {
            spec.commandLine().getErr().println("--runs must be at least 0 and --repeat at least 1");
            return 2;
        }
        Machine.current().print(out);
        Path dir = Files.createTempDirectory("vasco-bench-backlog");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.at(dir, 0).start();
        try (Database db = Database.open(server.connection(2), "bench-backlog").migrate()) {
            PlanCatalogueLoader.bundled().ensureLoaded(db);
            long rows = fill(db);
            out.printf(Locale.ROOT, "run_tile: %,d rows (%d finished runs over the plan and one in progress)%n", rows, runs);
            List<Double> withIndex = new ArrayList<>();
            List<Double> stateIndex = new ArrayList<>();
            List<Double> noIndex = new ArrayList<>();
            String plan = "";
            try (Connection c = db.connection(); Statement st = c.createStatement()) {
                // The scalers send the query as plain text, planned with the step's value each time: no generic plan.
                st.execute("SET plan_cache_mode = force_custom_plan");
                try (ResultSet rs = st.executeQuery("SELECT pg_size_pretty(pg_relation_size('run_tile_backlog_idx')),"
                        + " pg_size_pretty(pg_relation_size('run_tile_state_idx')), pg_size_pretty(pg_relation_size('run_tile'))")) {
                    rs.next();
                    out.printf("sizes: run_tile_backlog_idx %s, run_tile_state_idx %s, run_tile %s%n", rs.getString(1), rs.getString(2),
                            rs.getString(3));
                }
                out.printf("%-9s %9s %16s %20s %18s%n", "step", "backlog", "ms (backlog idx)", "ms (V1 indexes)", "ms (no index)");
                for (Step step : Step.values()) {
                    long backlog = StepBacklog.count(c, step);
                    List<String> lines = explain(c, step);
                    withIndex.add(median(c, step));
                    // The same query on the indexes of V1 alone (state, lease_until; run_id, step, state), then on none:
                    // in a transaction that is rolled back.
                    c.setAutoCommit(false);
                    st.execute("DROP INDEX run_tile_backlog_idx");
                    List<String> statePlan = explain(c, step);
                    stateIndex.add(median(c, step));
                    st.execute("DROP INDEX run_tile_state_idx");
                    st.execute("DROP INDEX run_tile_run_step_idx");
                    noIndex.add(median(c, step));
                    c.rollback();
                    c.setAutoCommit(true);
                    out.printf(Locale.ROOT, "%-9s %,9d %16.3f %20.3f %18.3f%n", step.label(), backlog, withIndex.get(withIndex.size() - 1),
                            stateIndex.get(stateIndex.size() - 1), noIndex.get(noIndex.size() - 1));
                    if (step == Step.EXTRACT) {
                        plan = scanOf(lines);
                        out.println("plan of the extract query:");
                        lines.forEach(l -> out.println("  " + l));
                        out.println("plan of the extract query without run_tile_backlog_idx:");
                        statePlan.forEach(l -> out.println("  " + l));
                    }
                }
            }
            out.printf(Locale.ROOT, "backlog query on %,d run_tile rows: %.3f ms per step at most (%s), %.3f ms on the indexes of V1"
                    + " alone, %.1f ms without an index%n", rows, Collections.max(withIndex), plan, Collections.max(stateIndex),
                    Collections.max(noIndex));
            return 0;
        } finally {
            server.stop();
        }
    }

    /** Finished runs over the whole plan, then the run in progress; returns the rows of run_tile. */
    private long fill(Database db) throws SQLException {
        db.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (run_id, steps)"
                        + " SELECT 'bench-' || r, ARRAY['download','extract','xmatch','measure','veto'] FROM generate_series(0, ?) r")) {
                    ps.setInt(1, runs);
                    ps.executeUpdate();
                }
                // Finished: every tile through every step; one in 50 skipped at download (not a POSS-I E plate), one in
                // 400 failed at extract, so not every row is DONE.
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_tile (run_id, tile_id, step, state, attempt, queued_at, started_at, finished_at)"
                        + " SELECT 'bench-' || r, t.tile_id, s.step,"
                        + "   CASE WHEN t.plate_tile_idx % 50 = 0 AND s.step = 'download' THEN 'SKIPPED'"
                        + "        WHEN t.plate_tile_idx % 400 = 7 AND s.step = 'extract' THEN 'FAILED' ELSE 'DONE' END,"
                        + "   1, now() - (r + 1) * interval '3 days', now() - (r + 1) * interval '3 days', now() - (r + 1) * interval '3 days'"
                        + " FROM generate_series(1, ?) r CROSS JOIN tile t"
                        + " CROSS JOIN unnest(ARRAY['download','extract','xmatch','measure','veto']) AS s(step)")) {
                    ps.setInt(1, runs);
                    ps.executeUpdate();
                }
                // In progress: downloads done; extract 70 % queued, 2 % retrying (half still backing off), 0.4 % running,
                // the rest done; xmatch queued behind the tiles extract finished.
                st.execute("INSERT INTO run_tile (run_id, tile_id, step, state, attempt) SELECT 'bench-0', tile_id, 'download', 'DONE', 1 FROM tile");
                st.execute("INSERT INTO run_tile (run_id, tile_id, step, state, attempt, not_before, lease_owner, lease_until)"
                        + " SELECT 'bench-0', tile_id, 'extract',"
                        + "   CASE WHEN k < 70 THEN 'QUEUED' WHEN k < 72 THEN 'RETRY' WHEN k < 72.4 THEN 'RUNNING' ELSE 'DONE' END,"
                        + "   CASE WHEN k < 70 THEN 0 ELSE 1 END,"
                        + "   CASE WHEN k >= 70 AND k < 71 THEN now() + interval '5 minutes'"
                        + "        WHEN k >= 71 AND k < 72 THEN now() - interval '5 minutes' END,"
                        + "   CASE WHEN k >= 72 AND k < 72.4 THEN 'bench-worker' END,"
                        + "   CASE WHEN k >= 72 AND k < 72.4 THEN now() + interval '5 minutes' END"
                        + " FROM (SELECT tile_id, (row_number() OVER (ORDER BY tile_id) * 37 % 1000) / 10.0 AS k FROM tile) t");
                st.execute("INSERT INTO run_tile (run_id, tile_id, step, state, attempt) SELECT run_id, tile_id, 'xmatch', 'QUEUED', 0"
                        + " FROM run_tile WHERE run_id = 'bench-0' AND step = 'extract' AND state = 'DONE'");
                return null;
            }
        });
        // What autovacuum does to a table this size soon after the inserts: statistics, and the visibility map that
        // lets an index-only scan skip the heap.
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE run_tile");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM run_tile")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The plan's scan node, e.g. "Index Only Scan using run_tile_backlog_idx on run_tile". */
    private static String scanOf(List<String> plan) {
        for (String line : plan) {
            if (line.contains("Scan")) {
                return line.trim().replaceFirst("^->\\s*", "").replaceAll("\\s+\\(cost.*", "");
            }
        }
        return "no scan";
    }

    private static List<String> explain(Connection c, Step step) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + StepBacklog.WAITING_TILE_STEPS)) {
            ps.setString(1, step.label());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        }
        return lines;
    }

    /** The median execution time over {@link #repeat} runs (after one to warm the cache). */
    private double median(Connection c, Step step) throws SQLException {
        explain(c, step);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            for (String line : explain(c, step)) {
                Matcher m = EXECUTION.matcher(line);
                if (m.find()) {
                    times.add(Double.parseDouble(m.group(1)));
                }
            }
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }
}
