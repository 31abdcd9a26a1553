package org.vasco.xmatch.stage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalDouble;
import org.vasco.common.db.Database;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.tile.TileId;

/**
 * Plate epochs from the header registry ({@code tile_download}): {@code epoch_year} when the download
 * worker recorded it, else the raw DATE-OBS parsed with the reference's overflow normalisation.
 */
public final class TileDownloadEpochs implements PlateEpochLookup {

    private final Database database;

    public TileDownloadEpochs(Database database) {
        this.database = database;
    }

    @Override
    public OptionalDouble plateEpoch(TileId tile) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT epoch_year, date_obs_raw FROM tile_download WHERE tile_id = ?")) {
            ps.setString(1, tile.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return OptionalDouble.empty();
                }
                double epoch = rs.getDouble(1);
                if (!rs.wasNull() && Double.isFinite(epoch)) {
                    return OptionalDouble.of(epoch);
                }
                String raw = rs.getString(2);
                if (raw == null) {
                    return OptionalDouble.empty();
                }
                try {
                    return OptionalDouble.of(PlateEpoch.parse(raw).decimalYear());
                } catch (IllegalArgumentException e) {
                    return OptionalDouble.empty();
                }
            }
        }
    }
}
