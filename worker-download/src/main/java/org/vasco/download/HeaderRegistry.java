package org.vasco.download;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Optional;
import org.vasco.common.db.Database;
import org.vasco.common.stage.StageResult;
import org.vasco.common.tile.TileId;

/**
 * The header registry in PostgreSQL ({@code tile_download}): one row per downloaded tile, shared by all runs.
 * A row is written by an upsert on its own key ({@code INSERT … ON CONFLICT (tile_id) DO UPDATE}), so
 * concurrent downloaders only ever lock their own row and never lose each other's — unlike the reference,
 * which rewrote a whole CSV under a lock on its temp file (SPEC §3.4 [observed]). Stateless and thread-safe.
 */
public final class HeaderRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String UPSERT = """
            INSERT INTO tile_download (tile_id, fits_path, sha256, bytes, region, survey, plate_code, plate_label,
                date_obs_raw, date_obs, mjd_obs, epoch_year, pixel_scale_arcsec, naxis1, naxis2, astrometry,
                wcs_offsets, selected_header, downloaded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, now())
            ON CONFLICT (tile_id) DO UPDATE SET
                fits_path = EXCLUDED.fits_path, sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes,
                region = EXCLUDED.region, survey = EXCLUDED.survey, plate_code = EXCLUDED.plate_code,
                plate_label = EXCLUDED.plate_label, date_obs_raw = EXCLUDED.date_obs_raw, date_obs = EXCLUDED.date_obs,
                mjd_obs = EXCLUDED.mjd_obs, epoch_year = EXCLUDED.epoch_year,
                pixel_scale_arcsec = EXCLUDED.pixel_scale_arcsec, naxis1 = EXCLUDED.naxis1, naxis2 = EXCLUDED.naxis2,
                astrometry = EXCLUDED.astrometry, wcs_offsets = EXCLUDED.wcs_offsets,
                selected_header = EXCLUDED.selected_header, downloaded_at = EXCLUDED.downloaded_at
            """;

    /** The write of one row, to be committed in the transaction that marks the download step done. */
    public StageResult.DbEffect record(TileDownloadRecord row) {
        String selected = json(row.selectedHeader());
        return c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, row.tileId().value());
                ps.setString(2, row.fitsPath());
                ps.setString(3, row.sha256());
                ps.setLong(4, row.bytes());
                ps.setString(5, row.region());
                ps.setString(6, row.survey());
                ps.setString(7, row.plateCode());
                ps.setString(8, row.plateLabel());
                ps.setString(9, row.dateObsRaw());
                ps.setTimestamp(10, row.dateObs() == null ? null : Timestamp.valueOf(row.dateObs()));
                setDouble(ps, 11, row.mjdObs());
                setDouble(ps, 12, row.epochYear());
                setDouble(ps, 13, row.pixelScaleArcsec());
                setInteger(ps, 14, row.naxis1());
                setInteger(ps, 15, row.naxis2());
                ps.setString(16, row.astrometry());
                ps.setString(17, row.wcsOffsetsJson());
                ps.setString(18, selected);
                ps.executeUpdate();
            }
        };
    }

    /** The registered download of a tile: where its file is and its checksum, when one exists. */
    public Optional<Registered> find(Connection c, TileId tile) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT fits_path, sha256, bytes FROM tile_download WHERE tile_id = ?")) {
            ps.setString(1, tile.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Registered(rs.getString(1), rs.getString(2), rs.getLong(3))) : Optional.empty();
            }
        }
    }

    /** A registry row's file facts. */
    public record Registered(String fitsPath, String sha256, long bytes) {
    }

    /** Looks up a tile's registered download; thread-safe. */
    @FunctionalInterface
    public interface Reader {
        Optional<Registered> find(TileId tile) throws SQLException;
    }

    /** A reader on a pool. */
    public Reader reader(Database database) {
        return tile -> {
            try (Connection c = database.connection()) {
                return find(c, tile);
            }
        };
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null || !Double.isFinite(value)) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + value + " as JSON", e);
        }
    }
}
