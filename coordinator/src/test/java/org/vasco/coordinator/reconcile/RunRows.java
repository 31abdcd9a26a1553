package org.vasco.coordinator.reconcile;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.vasco.common.db.Database;
import org.vasco.common.task.Step;
import org.vasco.common.tile.TileId;

/** Seeds a test plate (shared by the reconciler and backlog tests), tiles and runs straight into the shared database and reads run_tile and outbox back. */
public final class RunRows {

    public static final String PLATE = "XRC001";

    private final Database database;

    public RunRows(Database database) {
        this.database = database;
    }

    public static String newRunId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static TileId tile(int i) {
        return TileId.fromCentre(33.0 + 0.5 * i, 41.5);
    }

    /** A run with one step and {@code tiles} rows in the given state; no outbox rows. */
    public void seed(String runId, Step step, int tiles, String state) throws SQLException {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO plate (plate_id, ra_deg, dec_deg) VALUES (?, 34.0, 41.5) ON CONFLICT DO NOTHING")) {
                ps.setString(1, PLATE);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (run_id, steps) VALUES (?, ?)")) {
                ps.setString(1, runId);
                ps.setArray(2, c.createArrayOf("text", new Object[] {step.label()}));
                ps.executeUpdate();
            }
            for (int i = 0; i < tiles; i++) {
                TileId t = tile(i);
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, dec_deg, size_arcmin, survey)"
                                + " VALUES (?, ?, ?, ?, ?, 30, 'poss1_red') ON CONFLICT DO NOTHING")) {
                    ps.setString(1, t.toString());
                    ps.setString(2, PLATE);
                    ps.setInt(3, i);
                    ps.setDouble(4, t.raDeg());
                    ps.setDouble(5, t.decDeg());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO run_tile (run_id, tile_id, step, state, trace_id) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, runId);
                    ps.setString(2, t.toString());
                    ps.setString(3, step.label());
                    ps.setString(4, state);
                    ps.setString(5, "trace-" + i);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    public void execute(String sql, Object... args) throws SQLException {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Outbox payloads of a run, oldest first. */
    List<String> outboxPayloads(String runId) throws SQLException {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM outbox WHERE run_id = ? ORDER BY id")) {
                ps.setString(1, runId);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    String stateAndAttempt(String runId, String tileId) throws SQLException {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state || '/' || attempt FROM run_tile WHERE run_id = ? AND tile_id = ?")) {
                ps.setString(1, runId);
                ps.setString(2, tileId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }
}
