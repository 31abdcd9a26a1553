package org.vasco.local.fault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vasco.common.db.Database;
import org.vasco.common.task.Step;

/**
 * Read-only looks at one run's {@code run_tile} rows that the process fault scenarios need: which tiles a given
 * worker holds right now, and how one tile step stands.
 */
final class StepRows {

    /** One tile step as the database has it; {@code finishedAtMillis} is 0 while unfinished. */
    record Row(String tileId, Step step, String state, String outcome, int attempt, long finishedAtMillis) {
    }

    private final Database database;
    private final String runId;

    StepRows(Database database, String runId) {
        this.database = database;
        this.runId = runId;
    }

    /** Tiles whose {@code step} is RUNNING under a lease of the worker whose owner names start with {@code ownerPrefix}. */
    List<String> heldBy(Step step, String ownerPrefix) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT tile_id FROM run_tile WHERE run_id = ? AND step = ? AND state = 'RUNNING'"
                        + " AND starts_with(lease_owner, ?) ORDER BY tile_id")) {
            ps.setString(1, runId);
            ps.setString(2, step.label());
            ps.setString(3, ownerPrefix);
            List<String> tiles = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tiles.add(rs.getString(1));
                }
            }
            return tiles;
        }
    }

    Optional<Row> row(String tileId, Step step) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT state, outcome, attempt, coalesce((extract(epoch FROM finished_at) * 1000)::bigint, 0)"
                        + " FROM run_tile WHERE run_id = ? AND tile_id = ? AND step = ?")) {
            ps.setString(1, runId);
            ps.setString(2, tileId);
            ps.setString(3, step.label());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Row(tileId, step, rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Every row of the run with everything that changes when a step is touched (state, outcome, attempt, lease,
     * timestamps): equal before and after means nothing happened to the run.
     */
    List<String> fingerprint() throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT tile_id || ' ' || step || ' ' || state || ' ' || coalesce(outcome, '-') || ' ' || attempt || ' '"
                        + " || coalesce(lease_owner, '-') || ' ' || coalesce(updated_at::text, '-') || ' '"
                        + " || coalesce(finished_at::text, '-') FROM run_tile WHERE run_id = ? ORDER BY tile_id, step")) {
            ps.setString(1, runId);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }
}
