package org.vasco.veto.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.testkit.services.SharedServices;

/**
 * Migration V8 turns the stage ledger table into per-tile shares and a view: a database with ledgers written the old
 * way (run totals recounted by the veto worker, kept in the table) reads the same totals through the view afterwards,
 * to the character. Runs in a schema of its own, migrated to V7, filled, then migrated on.
 */
class StageLedgerMigrationTest {

    private final Database database = SharedServices.get().database();

    @Test
    void ledgersWrittenBeforeTheMigrationReadTheSameTotalsAfterIt() throws Exception {
        String schema = "ledger_v8_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            flyway(schema, "7").migrate();
            Map<String, String> before;
            try (Connection c = inSchema(schema); Statement st = c.createStatement()) {
                st.execute("INSERT INTO plate (plate_id, ra_deg, dec_deg) VALUES ('XM001', 10.0, 20.0)");
                st.execute("INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, dec_deg, size_arcmin, survey) VALUES"
                        + " ('tile_RA10.000_DECp20.000', 'XM001', 0, 10.0, 20.0, 60, 'poss1_red'),"
                        + " ('tile_RA11.000_DECp20.000', 'XM001', 1, 11.0, 20.0, 60, 'poss1_red')");
                st.execute("INSERT INTO run (run_id, steps) VALUES ('r1', '{xmatch,veto}')");
                st.execute("INSERT INTO candidate (run_id, src_id, tile_id, plate_id, object_number, ra_deg, dec_deg)"
                        + " SELECT 'r1', t || ':' || n, t, 'XM001', n, 10.0, 20.0 FROM unnest(ARRAY['tile_RA10.000_DECp20.000',"
                        + " 'tile_RA11.000_DECp20.000']) t CROSS JOIN generate_series(1, 4) n");
                // S1: keep, flag, and rejects with one reason, two reasons and none, over both tiles; S2 reached by nobody.
                st.execute("INSERT INTO candidate_flag (run_id, src_id, stage, verdict, reason) VALUES"
                        + " ('r1', 'tile_RA10.000_DECp20.000:1', 'S1_GSC', 'KEEP', NULL),"
                        + " ('r1', 'tile_RA10.000_DECp20.000:2', 'S1_GSC', 'FLAG', 'EDGE'),"
                        + " ('r1', 'tile_RA10.000_DECp20.000:3', 'S1_GSC', 'REJECT', 'MATCH'),"
                        + " ('r1', 'tile_RA11.000_DECp20.000:1', 'S1_GSC', 'REJECT', 'NEAR,BRIGHT'),"
                        + " ('r1', 'tile_RA11.000_DECp20.000:2', 'S1_GSC', 'REJECT', NULL),"
                        + " ('r1', 'tile_RA11.000_DECp20.000:3', 'S1_GSC', 'KEEP', NULL),"
                        + " ('r1', 'tile_RA11.000_DECp20.000:4', 'S1_GSC', 'REJECT', 'MATCH')");
                // The totals as the veto worker wrote them (StageLedger before V8: Jackson's JSON of the recount).
                st.execute("INSERT INTO stage_ledger (run_id, stage, fingerprint, parameters, input_rows, rejected_rows, kept_rows,"
                        + " totals) VALUES ('r1', 'S1_GSC', 'f1', '{\"radius_arcsec\":5.0}', 7, 4, 3,"
                        + " '{\"input_rows\":7,\"kept_rows\":3,\"flagged_rows\":1,\"rejected_rows\":4,\"rejection_pct\":57.14,"
                        + "\"rejected_by_reason\":{\"\":1,\"BRIGHT\":1,\"MATCH\":2,\"NEAR\":1}}'),"
                        + " ('r1', 'S2_SKYBOT', 'f2', '{}', 0, 0, 0, '{\"input_rows\":0,\"kept_rows\":0,\"flagged_rows\":0,"
                        + "\"rejected_rows\":0,\"rejection_pct\":0.0,\"rejected_by_reason\":{}}')");
                before = ledger(c);
            }

            flyway(schema, null).migrate();

            Map<String, String> after;
            int zeroShares;
            try (Connection c = inSchema(schema); Statement st = c.createStatement()) {
                after = ledger(c);
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM stage_ledger_tile WHERE stage = 'S2_SKYBOT'")) {
                    rs.next();
                    zeroShares = rs.getInt(1);
                }
            }
            assertThat(after).isEqualTo(before).hasSize(2);
            assertThat(zeroShares).as("a share of zeros for each tile with candidates").isEqualTo(2);
        } finally {
            try (Connection c = database.connection(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** A connection of its own (not the shared pool's) whose search path is {@code schema}. */
    private static Connection inSchema(String schema) throws java.sql.SQLException {
        JdbcConnection jdbc = SharedServices.get().jdbc();
        Properties p = new Properties();
        p.setProperty("user", jdbc.user());
        p.setProperty("password", jdbc.password());
        p.setProperty("currentSchema", schema);
        return DriverManager.getConnection(jdbc.url(), p);
    }

    private Flyway flyway(String schema, String target) {
        var config = Flyway.configure().dataSource(database.dataSource()).schemas(schema).locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    /** Every ledger row of the run as its columns and its totals' text. */
    private static Map<String, String> ledger(Connection c) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT stage, fingerprint, parameters::text, input_rows, rejected_rows,"
                + " kept_rows, totals::text FROM stage_ledger WHERE run_id = 'r1'"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3) + " " + rs.getInt(4) + "/" + rs.getInt(5) + "/"
                        + rs.getInt(6) + " " + rs.getString(7));
            }
        }
        return rows;
    }
}
