package org.vasco.coordinator.run;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vasco.coordinator.plan.PlanTile;

/**
 * The order a run's tiles are queued in: longest first, by what each tile's steps took the last time they completed
 * (any earlier run), tiles never run before ahead of them in the order given.
 *
 * <p>Why: workers take the waiting tasks in the order they were queued, so a run ends when its last tiles do. Tile
 * costs are far from even (an extraction takes 2–5 s or 65–82 s of PSFEx alone, depending on whether the tile's PSF
 * stars are sharper than PSFEx's 3-pixel {@code PIXEL_AUTO} threshold, which is not known before the extraction), and
 * a long tile taken last keeps the run going while the other workers idle. Queued longest first, the short tiles fill
 * the end (list scheduling, longest processing time first). Only history can tell the cost before a tile runs; a tile
 * without it may be long, so it goes first. The order changes no result, only when each tile runs.
 */
public final class LongestTilesFirst {

    private static final String LAST_COSTS = """
            SELECT tile_id, sum(seconds)
              FROM (SELECT DISTINCT ON (tile_id, step) tile_id,
                           extract(epoch FROM finished_at - started_at) AS seconds
                      FROM run_tile
                     WHERE tile_id = ANY (?) AND state = 'DONE' AND started_at IS NOT NULL AND finished_at IS NOT NULL
                     ORDER BY tile_id, step, finished_at DESC) last
             GROUP BY tile_id""";

    private LongestTilesFirst() {
    }

    /**
     * {@code tiles} in the order to queue them: those with no completed step before first (in the given order), then
     * the others by the seconds their steps' latest completions took together, longest first (ties in the given order).
     */
    public static List<PlanTile> order(Connection c, List<PlanTile> tiles) throws SQLException {
        Map<String, Double> seconds = lastCosts(c, tiles);
        List<PlanTile> ordered = new ArrayList<>(tiles);
        // A tile without history counts as the longest; the sort is stable, so ties keep the order they were given in.
        ordered.sort(Comparator.comparing(
                (PlanTile t) -> seconds.getOrDefault(t.tileId().value(), Double.POSITIVE_INFINITY)).reversed());
        return ordered;
    }

    private static Map<String, Double> lastCosts(Connection c, List<PlanTile> tiles) throws SQLException {
        Map<String, Double> seconds = new HashMap<>();
        Array ids = c.createArrayOf("text", tiles.stream().map(t -> t.tileId().value()).toArray());
        try (PreparedStatement ps = c.prepareStatement(LAST_COSTS)) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seconds.put(rs.getString(1), rs.getDouble(2));
                }
            }
        } finally {
            ids.free();
        }
        return seconds;
    }
}
