package org.vasco.local.demo;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vasco.common.db.Database;
import org.vasco.coordinator.api.Funnel;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.RunStatusQuery;

/**
 * What {@code vasco demo} and {@code vasco run} show of a run on their local cluster: live progress until every tile
 * is final, then the funnel; and where their state lives.
 */
final class RunConsole {

    private RunConsole() {
    }

    /**
     * Polls the run once a second on a scheduler, showing progress, until it is complete or {@code timeout} passes.
     *
     * @return the final status, or {@code null} when the timeout passed first
     */
    static RunStatus follow(Database db, String runId, Clock clock, Duration timeout, PrintWriter out, boolean terminal)
            throws Exception {
        RunStatusQuery query = new RunStatusQuery(db, clock);
        CompletableFuture<RunStatus> done = new CompletableFuture<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "run-progress"));
        try (RunProgress progress = new RunProgress(out, terminal)) {
            poller.scheduleWithFixedDelay(() -> {
                try {
                    RunStatus s = query.status(runId);
                    progress.show(s);
                    if (s.complete()) {
                        done.complete(s);
                    }
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            }, 0, 1, TimeUnit.SECONDS);
            try {
                return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return null;
            } finally {
                poller.shutdownNow();
                poller.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The step-4 counters that make the funnel, in pipeline order, with what each counts. */
    private static final List<List<String>> FUNNEL_ROWS = List.of(
            List.of("detections_in", "pass-2 detections"),
            List.of("veto_start_rows", "inside the 30' circle"),
            List.of("veto_after_gaia_rows", "no Gaia DR3 counterpart"),
            List.of("veto_after_ps1_rows", "no PS1 DR2 counterpart"),
            List.of("veto_after_usnob_rows", "no USNO-B1.0 counterpart"),
            List.of("late_kept_hard_gates", "passing the late filters"),
            List.of("spikes_rejected", "  (removed by the spike cut)"),
            List.of("survivors", "survivors (candidates)"));

    static void printFunnel(PrintWriter out, Funnel f) {
        out.printf("%nFunnel of %s (%d tile(s) cross-matched):%n", f.runId(), f.tilesSummarised());
        for (List<String> row : FUNNEL_ROWS) {
            Number n = f.counters().get(row.get(0));
            if (n != null) {
                out.printf("  %-36s %8d%n", row.get(1), n.longValue());
            }
        }
        for (Funnel.StageLedger s : f.stages()) {
            out.printf("  %-36s %8d   (in %d, rejected %d)%n", "kept by post stage " + s.stage(), s.keptRows(), s.inputRows(),
                    s.rejectedRows());
        }
        out.printf("  %-36s %8d%n", "final candidates", f.finalCandidates());
    }

    /** Each tile that FAILED, one line: where and why. */
    static void printFailures(PrintWriter out, RunStatus status) {
        status.failedTiles().forEach(f -> out.printf("FAILED %s at %s: %s %s%n", f.tileId(), f.step(), f.reason(),
                f.error() == null ? "" : f.error()));
    }
}
