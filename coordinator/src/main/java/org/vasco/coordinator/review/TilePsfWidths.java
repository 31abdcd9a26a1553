package org.vasco.coordinator.review;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.vasco.common.db.Database;
import org.vasco.common.summary.QualityFigure;

/**
 * The PSF FWHM of each tile of a run, as the extract step recorded it from the PSFEx model
 * ({@link QualityFigure#PSF_FWHM_PX} in its {@code run_tile.metrics}): what a candidate's FWHM is compared with.
 * Thread-safe.
 */
final class TilePsfWidths {

    private final Database db;

    TilePsfWidths(Database db) {
        this.db = db;
    }

    /** Tile id to PSF FWHM in pixels, for the run's tiles whose extract step recorded one. */
    Map<String, Double> byTile(String runId) throws SQLException {
        Map<String, Double> out = new HashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT tile_id, (metrics ->> ?)::double precision FROM run_tile"
                     + " WHERE run_id = ? AND jsonb_typeof(metrics -> ?) = 'number'")) {
            ps.setString(1, QualityFigure.PSF_FWHM_PX.key());
            ps.setString(2, runId);
            ps.setString(3, QualityFigure.PSF_FWHM_PX.key());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        return out;
    }
}
