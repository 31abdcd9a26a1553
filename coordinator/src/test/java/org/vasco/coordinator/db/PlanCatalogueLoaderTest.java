package org.vasco.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.vasco.common.db.Database;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.testkit.services.SharedServices;

class PlanCatalogueLoaderTest {

    private static long count(Database db, String sql) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code sql} with its one parameter bound to the bundled catalogue's plate ids. */
    private static long countOfCatalogue(Database db, String sql) throws Exception {
        String[] ids = PlateCatalogue.bundled().all().stream().map(Plate::plateId).toArray(String[]::new);
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void loadingTwiceLeavesExactlyThePlatesAndThePlan() throws Exception {
        Database db = SharedServices.get().database();
        PlanCatalogueLoader loader = PlanCatalogueLoader.bundled();

        loader.load(db);
        long plates = count(db, "SELECT count(*) FROM plate");
        long tiles = count(db, "SELECT count(*) FROM tile");
        loader.load(db);

        assertThat(count(db, "SELECT count(*) FROM plate")).as("loading again adds no plate").isEqualTo(plates);
        assertThat(count(db, "SELECT count(*) FROM tile")).as("loading again adds no tile").isEqualTo(tiles);
        // The shared database also holds other test classes' fixture plates and tiles (e.g. XRC001): count the catalogue's.
        assertThat(countOfCatalogue(db, "SELECT count(*) FROM plate WHERE plate_id = ANY (?)")).isEqualTo(932);
        assertThat(countOfCatalogue(db, "SELECT count(*) FROM tile WHERE plate_id = ANY (?)")).isEqualTo(11_733);
        assertThat(countOfCatalogue(db, "SELECT count(DISTINCT plate_id) FROM tile WHERE plate_id = ANY (?)")).isEqualTo(904);
        assertThat(count(db, "SELECT count(*) FROM tile WHERE tile_id = 'tile_RA2.001_DECp82.807'"
                + " AND plate_id = 'XE002' AND plate_tile_idx = 0 AND ra_deg = 2.001 AND dec_deg = 82.807")).isEqualTo(1);
        assertThat(loader.isLoaded(db)).isTrue();
        assertThat(loader.ensureLoaded(db)).as("nothing to do once loaded").isFalse();
    }
}
