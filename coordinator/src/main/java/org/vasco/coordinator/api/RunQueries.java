package org.vasco.coordinator.api;

import org.vasco.coordinator.json.ApiJson;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vasco.common.db.Database;
import org.vasco.common.late.LateCuts;
import org.vasco.coordinator.finalise.S0Dedup;

/**
 * Read-only queries over a run's tables for the API: the runs, a run's tiles and its funnel. Run ids must be
 * validated by the caller; every statement is parameterised. Thread-safe.
 */
public final class RunQueries {

    private final Database db;

    public RunQueries(Database db) {
        this.db = db;
    }

    /** Every run, newest first. */
    public List<RunSummary> runs() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT r.run_id, r.created_at, r.mode, r.state, r.steps,"
                     + " (SELECT count(DISTINCT tile_id) FROM run_tile rt WHERE rt.run_id = r.run_id),"
                     + " (SELECT count(*) FROM candidate ca WHERE ca.run_id = r.run_id AND " + S0Dedup.PAST_TILE_CUTS + "),"
                     + " r.profile FROM run r ORDER BY r.created_at DESC, r.run_id");
             ResultSet rs = ps.executeQuery()) {
            List<RunSummary> runs = new ArrayList<>();
            while (rs.next()) {
                runs.add(new RunSummary(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        List.of((String[]) rs.getArray(5).getArray()), rs.getInt(6), rs.getInt(7), rs.getString(8)));
            }
            return runs;
        }
    }

    /** True when the run exists. */
    public boolean exists(String runId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM run WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The run's tiles in tile id order, each with its steps, counters and candidate count. */
    public List<TileView> tiles(String runId) throws SQLException {
        Map<String, TileView> tiles = new LinkedHashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT t.tile_id, t.plate_id, t.ra_deg, t.dec_deg,"
                     + " rt.step, rt.state, rt.attempt, rt.reason, rt.error_message, ts.counters::text,"
                     + " (SELECT count(*) FROM candidate ca WHERE ca.run_id = rt.run_id AND ca.tile_id = rt.tile_id"
                     + " AND " + S0Dedup.PAST_TILE_CUTS + ")"
                     + " FROM run_tile rt JOIN tile t ON t.tile_id = rt.tile_id"
                     + " LEFT JOIN tile_summary ts ON ts.run_id = rt.run_id AND ts.tile_id = rt.tile_id"
                     + " WHERE rt.run_id = ? ORDER BY t.tile_id, rt.queued_at, rt.step")) {
            ps.setString(1, runId);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String tileId = rs.getString(1);
                    TileView tile = tiles.get(tileId);
                    if (tile == null) {
                        tile = new TileView(tileId, rs.getString(2), rs.getDouble(3), rs.getDouble(4), new LinkedHashMap<>(),
                                ApiJson.tree(rs.getString(10)), rs.getInt(11));
                        tiles.put(tileId, tile);
                    }
                    tile.steps().put(rs.getString(5),
                            new TileView.TileStep(rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9)));
                }
            }
        }
        return List.copyOf(tiles.values());
    }

    /** The run's funnel (see {@link Funnel}). */
    public Funnel funnel(String runId) throws SQLException {
        try (Connection c = db.connection()) {
            c.setReadOnly(true);
            int summarised = count(c.prepareStatement("SELECT count(*) FROM tile_summary WHERE run_id = ?"), runId);
            Map<String, Number> counters = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT e.key, sum((e.value #>> '{}')::numeric)"
                    + " FROM tile_summary ts, jsonb_each(ts.counters) e"
                    + " WHERE ts.run_id = ? AND jsonb_typeof(e.value) = 'number' GROUP BY e.key")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counters.put(rs.getString(1), plain(rs.getBigDecimal(2)));
                    }
                }
            }
            int candidates = count(c.prepareStatement("SELECT count(*) FROM candidate ca WHERE ca.run_id = ? AND "
                    + S0Dedup.PAST_TILE_CUTS), runId);
            int finals = count(c.prepareStatement("SELECT count(*) FROM candidate ca WHERE ca.run_id = ? AND ca.duplicate_of IS NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM candidate_flag f WHERE f.run_id = ca.run_id AND f.src_id = ca.src_id"
                    + " AND f.verdict = 'REJECT')"), runId);
            List<Funnel.StageLedger> stages = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT stage, input_rows, rejected_rows, kept_rows"
                    + " FROM stage_ledger WHERE run_id = ? ORDER BY stage")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stages.add(new Funnel.StageLedger(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
                    }
                }
            }
            Map<String, Map<String, Integer>> verdicts = new TreeMap<>();
            // the post stages' verdicts; the late cuts are in the counters
            try (PreparedStatement ps = c.prepareStatement("SELECT stage, verdict, count(*) FROM candidate_flag"
                    + " WHERE run_id = ? AND NOT (stage = ANY (?)) GROUP BY stage, verdict")) {
                ps.setString(1, runId);
                ps.setArray(2, c.createArrayOf("text", LateCuts.STAGES.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        verdicts.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getInt(3));
                    }
                }
            }
            Map<String, Integer> reviews = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT verdict, count(*) FROM (SELECT DISTINCT ON (src_id)"
                    + " verdict FROM review_verdict WHERE run_id = ? ORDER BY src_id, decided_at DESC, id DESC) latest"
                    + " GROUP BY verdict")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reviews.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            return new Funnel(runId, summarised, counters, candidates, finals, stages, verdicts, reviews);
        }
    }

    /** Whole numbers as longs, so counters read as 12 rather than 12.0. */
    private static Number plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped.longValueExact() : value.doubleValue();
    }

    /** Runs a prepared {@code SELECT count(*) … WHERE run_id = ?} (closing it). */
    private static int count(PreparedStatement statement, String runId) throws SQLException {
        try (PreparedStatement ps = statement) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
