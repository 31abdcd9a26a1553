package org.vasco.coordinator.finalise;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.db.Database;
import org.vasco.common.service.PeriodicRound;

/**
 * Finalises runs whose tiles are all final: runs {@link S0Dedup} once and moves the run to FINALISED (through
 * COMPLETE, stamping {@code completed_at} and {@code finalised_at}), all in one transaction. A FINALISED run one of
 * whose tiles finished again after {@code finalised_at} (a retried tile) is finalised again, so its dedup covers
 * the new rows. The run row is locked with {@code SKIP LOCKED}, so two coordinators never finalise the same run
 * at once. {@link #start} checks every {@code interval} on one daemon thread; {@link #close()} stops it.
 *
 * <p>Every time is the database's ({@code now()}), as {@code run_tile.finished_at} is: a coordinator whose clock is
 * ahead would otherwise stamp a {@code finalised_at} that hides a tile finishing again before that time. A round costs
 * what the runs are, not what {@code run_tile} holds: a run with a step still QUEUED, RUNNING or RETRY (the partial
 * index {@code run_tile_unfinished_idx}) is not looked at further, and a finalised run's "finished since" is one probe of
 * {@code run_tile_finished_idx}; only a run that may be complete gets the full check of its tiles.
 */
public final class RunFinaliser implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunFinaliser.class);

    /**
     * On a run row {@code r}: not finalised, or a tile finished again since. The run's latest finish is one backward
     * probe of {@code run_tile_finished_idx}, whatever the statistics say; as {@code EXISTS (… finished_at >
     * finalised_at)} the planner sometimes expected a match early in a sequential scan of all of {@code run_tile}
     * (3.2 s on 655,256 rows, for a match that is almost never there).
     */
    private static final String DUE_CONDITION = "(r.state <> 'FINALISED' OR (SELECT max(rt.finished_at) FROM run_tile rt"
            + " WHERE rt.run_id = r.run_id) > r.finalised_at)";
    /**
     * The runs to look at in a round: due, and with no step waiting or running (such a run has unfinished tiles; it
     * is looked at again once they have moved on). Measured by {@code vasco bench database}.
     */
    public static final String DUE = "SELECT r.run_id FROM run r WHERE " + DUE_CONDITION
            + " AND NOT EXISTS (SELECT 1 FROM run_tile u WHERE u.run_id = r.run_id AND u.state IN ('QUEUED', 'RUNNING', 'RETRY'))"
            + " ORDER BY r.created_at, r.run_id";

    /**
     * One finalisation.
     *
     * @param runId  the run
     * @param dedup  what the S0 dedup did
     */
    public record Finalised(String runId, S0Dedup.Outcome dedup) {
    }

    private final Database database;
    private final PeriodicRound rounds;

    public RunFinaliser(Database database) {
        this.database = database;
        this.rounds = new PeriodicRound("run-finaliser", "Run finalisation round", LOG, this::finaliseDueRuns);
    }

    /** Checks for complete runs every {@code interval}; returns this. */
    public RunFinaliser start(Duration interval) {
        rounds.start(interval, interval, "The finalisation interval");
        return this;
    }

    /** Finalises every run that is complete and not (or no longer) finalised; returns what it finalised. */
    public List<Finalised> finaliseDueRuns() throws SQLException {
        List<String> due = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(DUE);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                due.add(rs.getString(1));
            }
        }
        List<Finalised> done = new ArrayList<>();
        for (String run : due) {
            finalise(run).ifPresent(done::add);
        }
        return done;
    }

    /**
     * Finalises one run if it is complete and due; empty when it is not complete, not due, unknown, or being
     * finalised by another coordinator right now.
     */
    public Optional<Finalised> finalise(String runId) throws SQLException {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM run r WHERE r.run_id = ? AND " + DUE_CONDITION
                    + " FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Finalised>empty();
                    }
                }
            }
            if (!UnfinishedTiles.of(c, runId).isEmpty()) {
                return Optional.<Finalised>empty();
            }
            S0Dedup.Outcome dedup = S0Dedup.apply(c, runId);
            // Never before the last tile's finish, so the run is not due again for a tile this finalisation covered.
            try (PreparedStatement ps = c.prepareStatement("UPDATE run SET state = 'FINALISED',"
                    + " completed_at = coalesce(completed_at, now()), finalised_at = greatest(now(),"
                    + " (SELECT max(finished_at) FROM run_tile WHERE run_id = ?)) WHERE run_id = ?")) {
                ps.setString(1, runId);
                ps.setString(2, runId);
                ps.executeUpdate();
            }
            LOG.info("Run {} finalised: {} candidates, {} S0 clusters, {} duplicates merged", runId, dedup.candidates(),
                    dedup.clusters(), dedup.duplicates());
            return Optional.of(new Finalised(runId, dedup));
        });
    }

    /** True when the run exists and is not finalised, or a tile of it finished again since it was. */
    public static boolean isDue(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM run r WHERE r.run_id = ? AND " + DUE_CONDITION)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void close() {
        rounds.close();
    }
}
