package org.vasco.veto.chain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.vasco.testkit.services.SharedServices;
import org.vasco.veto.stages.Candidate;

/** Run, plate, tile and candidate rows for the chain tests, each test on its own run. */
public final class VetoRows {

    private VetoRows() {
    }

    public static String newRun(Connection c, List<Candidate> candidates) throws SQLException {
        String runId = "veto-" + UUID.randomUUID().toString().substring(0, 8);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run (run_id, steps) VALUES (?, ARRAY['xmatch','veto'])")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
        for (Candidate cand : candidates) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO plate (plate_id, ra_deg, dec_deg) VALUES (?, 150.0, 20.0) ON CONFLICT DO NOTHING")) {
                ps.setString(1, cand.plateId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, "
                    + "dec_deg, size_arcmin, survey) VALUES (?, ?, 0, 150.0, 20.0, 60, 'poss1_red') ON CONFLICT DO NOTHING")) {
                ps.setString(1, cand.tileId());
                ps.setString(2, cand.plateId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO candidate (run_id, src_id, tile_id, plate_id, "
                    + "object_number, ra_deg, dec_deg, plate_epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, runId);
                ps.setString(2, cand.srcId());
                ps.setString(3, cand.tileId());
                ps.setString(4, cand.plateId());
                ps.setInt(5, cand.objectNumber());
                ps.setDouble(6, cand.raDeg());
                ps.setDouble(7, cand.decDeg());
                ps.setDouble(8, cand.epochYear());
                ps.executeUpdate();
            }
        }
        return runId;
    }

    public static Connection connection() throws SQLException {
        return SharedServices.get().database().connection();
    }

    public static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
