package org.vasco.local.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vasco.common.db.Database;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.RunStatusQuery;

/**
 * Waits for a run to be complete (every tile final), looking every quarter second on a scheduler. The bench
 * figures come from the database's timestamps, not from when this noticed, so the look interval does not bias them.
 */
final class RunCompletion {

    private static final long LOOK_EVERY_MS = 250;

    private RunCompletion() {
    }

    /** The final status, or {@code null} when {@code timeout} passed first. */
    static RunStatus await(Database db, String runId, Clock clock, Duration timeout) throws Exception {
        RunStatusQuery query = new RunStatusQuery(db, clock);
        CompletableFuture<RunStatus> done = new CompletableFuture<>();
        ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-run-watch");
            t.setDaemon(true);
            return t;
        });
        try {
            looker.scheduleWithFixedDelay(() -> {
                try {
                    RunStatus s = query.status(runId);
                    if (s.complete()) {
                        done.complete(s);
                    }
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            }, 0, LOOK_EVERY_MS, TimeUnit.MILLISECONDS);
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } finally {
            looker.shutdownNow();
        }
    }
}
