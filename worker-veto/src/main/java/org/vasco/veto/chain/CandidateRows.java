package org.vasco.veto.chain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vasco.veto.stages.Candidate;

/**
 * Reads candidates of a run as the stages see them: position, plate epoch (decimal year from the candidate,
 * else the tile's registry), Julian date of the exposure from the tile's registry ({@code tile_download.mjd_obs}),
 * and the numeric measurements of {@code candidate.measurements}. Rows merged into another by S0 dedup
 * ({@code duplicate_of} set) are left out.
 */
public final class CandidateRows {

    private static final double MJD_ZERO_JD = 2400000.5;

    private CandidateRows() {
    }

    /** The run's candidates on one tile, ordered by src_id. */
    public static List<Candidate> ofTile(Connection c, String runId, String tileId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k.src_id, k.tile_id, k.plate_id, k.ra_deg, k.dec_deg, "
                + "coalesce(k.plate_epoch, d.epoch_year), d.mjd_obs, k.measurements::text FROM candidate k "
                + "LEFT JOIN tile_download d ON d.tile_id = k.tile_id "
                + "WHERE k.run_id = ? AND k.tile_id = ? AND k.duplicate_of IS NULL ORDER BY k.src_id")) {
            ps.setString(1, runId);
            ps.setString(2, tileId);
            List<Candidate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double epoch = rs.getDouble(6);
                    boolean noEpoch = rs.wasNull();
                    double mjd = rs.getDouble(7);
                    boolean noMjd = rs.wasNull();
                    out.add(new Candidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4),
                            rs.getDouble(5), noEpoch ? Double.NaN : epoch, noMjd ? Double.NaN : mjd + MJD_ZERO_JD,
                            numbers(rs.getString(8))));
                }
            }
            return out;
        }
    }

    private static Map<String, Double> numbers(String json) {
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<String, Object> e : Fingerprints.parse(json).entrySet()) {
            if (e.getValue() instanceof Number n) {
                out.put(e.getKey(), n.doubleValue());
            }
        }
        return out;
    }
}
