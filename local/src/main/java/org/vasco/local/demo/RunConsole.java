package org.vasco.local.demo;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vasco.common.db.Database;
import org.vasco.common.summary.FunnelCounter;
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

    /** The tile counters that make the funnel, in pipeline order, with what each counts. */
    private static final List<Map.Entry<FunnelCounter, String>> FUNNEL_ROWS = List.of(
            Map.entry(FunnelCounter.DETECTIONS_IN, "pass-2 detections"),
            Map.entry(FunnelCounter.VETO_START_ROWS, "inside the 30' circle"),
            Map.entry(FunnelCounter.VETO_AFTER_GAIA_ROWS, "no Gaia DR3 counterpart"),
            Map.entry(FunnelCounter.VETO_AFTER_PS1_ROWS, "no PS1 DR2 counterpart"),
            Map.entry(FunnelCounter.VETO_AFTER_USNOB_ROWS, "no USNO-B1.0 counterpart"),
            Map.entry(FunnelCounter.LATE_KEPT_HARD_GATES, "passing the late filters"),
            Map.entry(FunnelCounter.SPIKES_REJECTED, "  (removed by the spike cut)"),
            Map.entry(FunnelCounter.SURVIVORS, "survivors (candidates)"));

    static void printFunnel(PrintWriter out, Funnel f) {
        out.printf("%nFunnel of %s (%d tile(s) cross-matched):%n", f.runId(), f.tilesSummarised());
        for (Map.Entry<FunnelCounter, String> row : FUNNEL_ROWS) {
            Number n = f.counters().get(row.getKey().key());
            if (n != null) {
                out.printf("  %-36s %8d%n", row.getValue(), n.longValue());
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
