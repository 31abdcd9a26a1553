package org.vasco.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.vasco.common.db.Database;
import org.vasco.testkit.services.SharedServices;

class PlanCatalogueLoaderTest {

    private static long count(Database db, String sql) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void loadingTwiceLeavesExactlyThePlatesAndThePlan() throws Exception {
        Database db = SharedServices.get().database();
        PlanCatalogueLoader loader = PlanCatalogueLoader.bundled();

        loader.load(db);
        loader.load(db);

        assertThat(count(db, "SELECT count(*) FROM plate")).isEqualTo(932);
        assertThat(count(db, "SELECT count(*) FROM tile")).isEqualTo(11_733);
        assertThat(count(db, "SELECT count(DISTINCT plate_id) FROM tile")).isEqualTo(904);
        assertThat(count(db, "SELECT count(*) FROM tile WHERE tile_id = 'tile_RA2.001_DECp82.807'"
                + " AND plate_id = 'XE002' AND plate_tile_idx = 0 AND ra_deg = 2.001 AND dec_deg = 82.807")).isEqualTo(1);
        assertThat(loader.isLoaded(db)).isTrue();
        assertThat(loader.ensureLoaded(db)).as("nothing to do once loaded").isFalse();
    }
}
