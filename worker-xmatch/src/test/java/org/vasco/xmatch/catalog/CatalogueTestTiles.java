package org.vasco.xmatch.catalog;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.vasco.common.db.Database;
import org.vasco.common.tile.TileId;

/** Plan rows (plate + tile) for cache tests: catalog_cache rows reference the tile table. */
final class CatalogueTestTiles {

    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 50_000));

    private CatalogueTestTiles() {
    }

    /** A fresh tile at Dec {@code decDeg} (its RA unique in this JVM), with its plate. */
    static TileId insert(Database database, double decDeg) throws SQLException {
        double ra = 0.001 + (NEXT.incrementAndGet() % 350_000) / 1000.0;
        TileId tile = TileId.fromCentre(ra, decDeg);
        String plate = "XC" + tile.value().hashCode();
        database.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO plate (plate_id, ra_deg, dec_deg) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                p.setString(1, plate);
                p.setDouble(2, ra);
                p.setDouble(3, decDeg);
                p.executeUpdate();
            }
            try (PreparedStatement t = c.prepareStatement("""
                    INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, dec_deg, size_arcmin, survey)
                    VALUES (?, ?, 0, ?, ?, 60, 'POSS1-E') ON CONFLICT DO NOTHING""")) {
                t.setString(1, tile.value());
                t.setString(2, plate);
                t.setDouble(3, tile.raDeg());
                t.setDouble(4, tile.decDeg());
                t.executeUpdate();
            }
            return null;
        });
        return tile;
    }
}
