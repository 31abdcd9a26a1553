package org.vasco.coordinator.cli;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vasco.common.db.Database;
import org.vasco.coordinator.run.InvalidRunRequestException;
import org.vasco.coordinator.run.ProgressTimeline;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.RunStatusQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vasco status [--run R] [--watch] [--json]}: a run's progress per step, totals, rate and ETA, and (as text) a
 * chart of the tiles through each step over time.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a run's progress per step (pending, queued, running, done, failed, skipped), rate and ETA.")
public final class StatusCommand extends ClusterCommand {

    /** ANSI: cursor home and clear screen, used between redraws on a terminal. */
    private static final String CLEAR = "\033[H\033[2J";
    /** Columns of the progress chart under the table. */
    private static final int CHART_WIDTH = 48;

    @Option(names = "--run", paramLabel = "RUN", description = "The run (default: the most recently submitted).")
    String runId;

    @Option(names = "--watch", description = "Redraw every few seconds until the run is complete (Ctrl-C to stop).")
    boolean watch;

    @Option(names = "--json", description = "Print JSON for scripts: per-step counts, complete flag, failed tiles.")
    boolean json;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "3", description = "Seconds between redraws with --watch (default: ${DEFAULT-VALUE}).")
    int intervalSeconds;

    public StatusCommand(CliContext context) {
        super(context);
    }

    @Override
    protected int execute() throws Exception {
        if (intervalSeconds < 1) {
            throw new InvalidRunRequestException("--interval must be at least 1 second, found " + intervalSeconds);
        }
        try (Database db = openDatabase()) {
            RunStatusQuery query = new RunStatusQuery(db, context.clock());
            String run = runId != null ? runId : query.latestRun().orElseThrow(
                    () -> new InvalidRunRequestException("No runs yet: submit one with 'vasco submit --plate XE309 --limit 3'"));
            if (!watch) {
                print(db, query.status(run), false);
                return ExitCodes.OK;
            }
            return watch(db, query, run);
        }
    }

    /** Redraws on a scheduler until the run is complete; the first failure to read the status ends the watch. */
    private int watch(Database db, RunStatusQuery query, String run) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vasco-status-watch");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Integer> finished = new CompletableFuture<>();
        boolean terminal = System.console() != null && !json;
        try {
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    RunStatus status = query.status(run);
                    print(db, status, terminal);
                    if (status.complete()) {
                        finished.complete(ExitCodes.OK);
                    }
                } catch (Exception e) {
                    finished.completeExceptionally(e);
                }
            }, 0, Duration.ofSeconds(intervalSeconds).toMillis(), TimeUnit.MILLISECONDS);
            return finished.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } finally {
            scheduler.shutdownNow();
        }
    }

    private void print(Database db, RunStatus status, boolean redraw) throws SQLException {
        if (json) {
            out().println(StatusView.json(status));
        } else {
            ProgressTimeline timeline;
            try (Connection c = db.connection()) {
                timeline = ProgressTimeline.of(status.createdAt(), status.tiles(), status.steps(),
                        ProgressTimeline.spans(c, status.runId(), status.steps()));
            }
            out().print((redraw ? CLEAR : "") + StatusView.table(status) + "tiles through each step since submission:\n"
                    + timeline.textChart(context.clock().instant(), CHART_WIDTH,
                            StandardCharsets.UTF_8.equals(Charset.defaultCharset())));
        }
        out().flush();
    }
}
