package org.vasco.coordinator.run;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.vasco.common.db.Database;
import org.vasco.common.stage.Outbox;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;

/**
 * Re-queues a run's FAILED tile steps: each becomes RETRY, due now, with its attempt count reset and its
 * error cleared, and gets a fresh task in the outbox, all in one transaction. Thread-safe.
 */
public final class FailedTileRetry {

    private final Database db;
    private final RunStatusQuery runs;

    public FailedTileRetry(Database db, RunStatusQuery runs) {
        this.db = db;
        this.runs = runs;
    }

    /**
     * @param step only this step's failures, or null for every step
     * @return how many tile steps were re-queued
     * @throws InvalidRunRequestException when the run does not exist or the step is not one of its steps
     */
    public int retry(String runId, String step) throws SQLException, InvalidRunRequestException {
        List<String> steps = runs.stepsOf(runId);
        if (step != null && !steps.contains(step)) {
            throw new InvalidRunRequestException("Run " + runId + " has no step '" + step + "': its steps are " + String.join(", ", steps));
        }
        return db.inTransaction(c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE run_tile rt SET state = 'RETRY', attempt = 0, not_before = now(), queued_at = now(),"
                            + " updated_at = now(), lease_owner = NULL, lease_until = NULL, outcome = NULL, reason = NULL,"
                            + " error_class = NULL, error_message = NULL, finished_at = NULL"
                            + " FROM tile t WHERE t.tile_id = rt.tile_id AND rt.run_id = ? AND rt.state = 'FAILED'"
                            + " AND (?::text IS NULL OR rt.step = ?)"
                            + " RETURNING rt.tile_id, rt.step, rt.trace_id, t.plate_id, t.ra_deg, t.dec_deg")) {
                ps.setString(1, runId);
                ps.setString(2, step);
                ps.setString(3, step);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Outbox.enqueueTask(c, new TileTask(TileTask.SCHEMA, runId, TileId.of(rs.getString(1)),
                                rs.getString(4), rs.getDouble(5), rs.getDouble(6), Step.fromLabel(rs.getString(2)), 1,
                                rs.getString(3)), Duration.ZERO);
                        n++;
                    }
                }
            }
            return n;
        });
    }
}
