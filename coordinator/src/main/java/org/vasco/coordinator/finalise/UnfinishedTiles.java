package org.vasco.coordinator.finalise;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiles of a run that are not yet final. The rule is {@link org.vasco.coordinator.run.RunStatusQuery}'s: a tile
 * is final when the run's last step is DONE for it, or any of its steps is FAILED or SKIPPED.
 */
public final class UnfinishedTiles {

    /**
     * A tile that is not final, with where it stands.
     *
     * @param step   the furthest step of the run's step order it has a row for
     * @param state  that step's state (QUEUED, RUNNING, RETRY, or DONE for an earlier step)
     */
    public record UnfinishedTile(String tileId, String plateId, String step, String state) {
    }

    /**
     * One pass over the run's rows to find its unfinished tiles, then their furthest rows. (The subquery used to be
     * correlated on the run, so it ran again for every row: minutes on a plan-scale run of 58,000 rows.)
     */
    private static final String SQL = "WITH unfinished AS (SELECT x.tile_id FROM run_tile x JOIN run r ON r.run_id = x.run_id"
            + "   WHERE x.run_id = ? GROUP BY x.tile_id HAVING NOT bool_or(x.state IN ('FAILED', 'SKIPPED')"
            + "   OR (x.state = 'DONE' AND x.step = r.steps[array_length(r.steps, 1)])))"
            + " SELECT DISTINCT ON (rt.tile_id) rt.tile_id, t.plate_id, rt.step, rt.state"
            + " FROM run_tile rt JOIN unfinished u ON u.tile_id = rt.tile_id JOIN tile t ON t.tile_id = rt.tile_id"
            + " JOIN run r ON r.run_id = rt.run_id WHERE rt.run_id = ?"
            + " ORDER BY rt.tile_id, array_position(r.steps, rt.step) DESC NULLS LAST, rt.queued_at DESC";

    private UnfinishedTiles() {
    }

    /** The run's unfinished tiles in tile id order; empty when the run is complete. */
    public static List<UnfinishedTile> of(Connection c, String runId) throws SQLException {
        List<UnfinishedTile> tiles = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, runId);
            ps.setString(2, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tiles.add(new UnfinishedTile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return tiles;
    }
}
