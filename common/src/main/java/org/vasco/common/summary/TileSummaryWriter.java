package org.vasco.common.summary;

import java.sql.PreparedStatement;
import java.util.Map;
import org.vasco.common.detection.MeasuredColumns;
import org.vasco.common.stage.StageResult.DbEffect;
import org.vasco.common.tile.TileId;

/**
 * The one writer of the {@code tile_summary} row of a tile in a run, used by every step that counts (the xmatch step
 * up to the catalogue veto, the veto step's late cuts). One rule: a step's counters are merged into the row key by
 * key (jsonb {@code ||}: its keys replace theirs, every other key stays), never a whole-object overwrite, so the
 * steps' counters add up whatever order they commit in. The WCSFIX status is set by the step that computes it and
 * left alone by the others. Counter keys must be {@link FunnelCounter} keys; non-finite numbers are stored as null.
 * Stateless; thread-safe.
 */
public final class TileSummaryWriter {

    private TileSummaryWriter() {
    }

    /**
     * The write, as an effect committed with the step: the row is created when missing.
     *
     * @param counters      the step's counters, by {@link FunnelCounter#key()}
     * @param wcsfixOrNull  the WCSFIX status object, or null to leave the row's as it is
     * @throws IllegalArgumentException when a key is no {@link FunnelCounter}
     */
    public static DbEffect merge(String runId, TileId tile, Map<String, ?> counters, Map<String, ?> wcsfixOrNull) {
        for (String key : counters.keySet()) {
            if (FunnelCounter.of(key).isEmpty()) {
                throw new IllegalArgumentException("'" + key + "' is no tile summary counter (FunnelCounter)");
            }
        }
        String countersJson = MeasuredColumns.json(counters);
        String wcsfixJson = wcsfixOrNull == null ? null : MeasuredColumns.json(wcsfixOrNull);
        return c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tile_summary (run_id, tile_id, counters, wcsfix, updated_at)"
                    + " VALUES (?, ?, ?::jsonb, ?::jsonb, now()) ON CONFLICT (run_id, tile_id) DO UPDATE"
                    + " SET counters = tile_summary.counters || EXCLUDED.counters,"
                    + " wcsfix = COALESCE(EXCLUDED.wcsfix, tile_summary.wcsfix), updated_at = now()")) {
                ps.setString(1, runId);
                ps.setString(2, tile.value());
                ps.setString(3, countersJson);
                ps.setString(4, wcsfixJson);
                ps.executeUpdate();
            }
        };
    }
}
