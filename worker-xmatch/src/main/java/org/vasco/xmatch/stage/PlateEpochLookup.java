package org.vasco.xmatch.stage;

import java.sql.SQLException;
import java.util.OptionalDouble;
import org.vasco.common.tile.TileId;

/** The plate epoch (decimal year of DATE-OBS) of a downloaded tile. Implementations are thread-safe. */
@FunctionalInterface
public interface PlateEpochLookup {

    /** Empty when the tile has no download record or no usable DATE-OBS. */
    OptionalDouble plateEpoch(TileId tile) throws SQLException;
}
