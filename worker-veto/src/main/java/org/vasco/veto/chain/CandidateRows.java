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
 * else the tile's registry), the exposure's start as a Julian date from the tile's registry (its normalised DATE-OBS
 * taken as UTC, as the reference's SkyBoT stage takes it; the header's MJD-OBS when DATE-OBS did not parse), the
 * exposure time of the plate the tile came from, and the numeric measurements of {@code candidate.measurements}.
 * Rows merged into another by S0 dedup ({@code duplicate_of} set) are left out.
 */
public final class CandidateRows {

    private static final double MJD_ZERO_JD = 2400000.5;
    /** Julian date of 1970-01-01T00:00Z, where PostgreSQL's {@code extract(epoch …)} counts from. */
    private static final double UNIX_EPOCH_JD = 2440587.5;

    private CandidateRows() {
    }

    /** The run's candidates on one tile, ordered by src_id. */
    public static List<Candidate> ofTile(Connection c, String runId, String tileId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k.src_id, k.tile_id, k.plate_id, k.ra_deg, k.dec_deg, "
                + "coalesce(k.plate_epoch, d.epoch_year), coalesce(extract(epoch FROM d.date_obs) / 86400.0 + "
                + UNIX_EPOCH_JD + ", d.mjd_obs + " + MJD_ZERO_JD + "), k.measurements::text, p.exposure_min "
                + "FROM candidate k LEFT JOIN tile_download d ON d.tile_id = k.tile_id "
                + "LEFT JOIN plate p ON p.plate_id = coalesce(d.region, k.plate_id) "
                + "WHERE k.run_id = ? AND k.tile_id = ? AND k.duplicate_of IS NULL ORDER BY k.src_id")) {
            ps.setString(1, runId);
            ps.setString(2, tileId);
            List<Candidate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double epoch = rs.getDouble(6);
                    boolean noEpoch = rs.wasNull();
                    double jd = rs.getDouble(7);
                    boolean noJd = rs.wasNull();
                    double exposure = rs.getDouble(9);
                    boolean noExposure = rs.wasNull();
                    out.add(new Candidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4),
                            rs.getDouble(5), noEpoch ? Double.NaN : epoch, noJd ? Double.NaN : jd,
                            numbers(rs.getString(8)), noExposure ? Double.NaN : exposure));
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
