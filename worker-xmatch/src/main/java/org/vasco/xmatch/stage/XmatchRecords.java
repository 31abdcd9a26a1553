package org.vasco.xmatch.stage;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.vasco.common.catalog.NearestCatalogueSource;
import org.vasco.common.detection.MeasuredColumns;
import org.vasco.common.stage.StageResult.DbEffect;
import org.vasco.common.summary.TileSummaryWriter;
import org.vasco.common.task.TileTask;
import org.vasco.xmatch.science.CatalogueVetoResult;
import org.vasco.xmatch.science.Survivor;

/**
 * The database rows of step 4, as effects committed with the step: the {@code tile_summary} row
 * (SPEC §8.2 counters up to the veto and the WCSFIX status, merged by {@link TileSummaryWriter}; the veto step merges
 * those of the late cuts in) and
 * one {@code candidate} row per veto survivor, with the columns read so far and its nearest catalogue source
 * ({@code nearest_catalogue_arcsec}, {@code nearest_catalogue}, which the veto step leaves alone) (the veto step replaces them with the
 * measured ones). A repeated
 * step replaces its counters in the tile's summary, and the tile's earlier candidates (and their stage flags, which belonged to the
 * candidates being replaced, and the tile's shares of the stage ledgers, which counted those flags), so re-running a tile
 * never leaves stale or duplicate rows.
 */
final class XmatchRecords {

    private XmatchRecords() {
    }

    static List<DbEffect> effects(TileTask task, double plateEpoch, CatalogueVetoResult result,
                                  List<NearestCatalogueSource> isolation) {
        if (isolation.size() != result.survivors().size()) {
            throw new IllegalArgumentException(isolation.size() + " isolations for " + result.survivors().size() + " survivors");
        }
        DbEffect summary = TileSummaryWriter.merge(task.runId(), task.tile(), result.counters(), result.wcsfix().toMap());
        DbEffect clear = c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM candidate_flag WHERE run_id = ? AND src_id IN"
                    + " (SELECT src_id FROM candidate WHERE run_id = ? AND tile_id = ?)")) {
                ps.setString(1, task.runId());
                ps.setString(2, task.runId());
                ps.setString(3, task.tileId());
                ps.executeUpdate();
            }
            // The tile's shares of the post stages' ledgers counted the verdicts just removed.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM stage_ledger_tile WHERE run_id = ? AND tile_id = ?")) {
                ps.setString(1, task.runId());
                ps.setString(2, task.tileId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM candidate WHERE run_id = ? AND tile_id = ?")) {
                ps.setString(1, task.runId());
                ps.setString(2, task.tileId());
                ps.executeUpdate();
            }
        };
        List<String> measurements = result.survivors().stream().map(XmatchRecords::measurements).toList();
        DbEffect candidates = c -> {
            if (result.survivors().isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO candidate (run_id, src_id, tile_id, plate_id,"
                    + " object_number, ra_deg, dec_deg, plate_epoch, measurements, nearest_catalogue_arcsec, nearest_catalogue)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
                for (int k = 0; k < result.survivors().size(); k++) {
                    Survivor s = result.survivors().get(k);
                    ps.setString(1, task.runId());
                    ps.setString(2, s.srcId(task.tileId()));
                    ps.setString(3, task.tileId());
                    ps.setString(4, task.plateId());
                    ps.setInt(5, s.detection().number());
                    ps.setDouble(6, s.raDeg());
                    ps.setDouble(7, s.decDeg());
                    ps.setDouble(8, plateEpoch);
                    ps.setString(9, measurements.get(k));
                    NearestCatalogueSource nearest = isolation.get(k);
                    ps.setDouble(10, nearest.arcsec());
                    ps.setString(11, nearest.found() ? nearest.catalogue().label() : null);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        };
        return List.of(summary, clear, candidates);
    }

    private static String measurements(Survivor s) {
        Map<String, Object> m = MeasuredColumns.asMap(s.detection());
        m.put("RA_corr", MeasuredColumns.finiteOrNull(s.raCorr()));
        m.put("Dec_corr", MeasuredColumns.finiteOrNull(s.decCorr()));
        return MeasuredColumns.json(m);
    }
}
