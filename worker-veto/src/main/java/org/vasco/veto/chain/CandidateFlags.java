package org.vasco.veto.chain;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.vasco.veto.stages.CandidateVerdict;
import org.vasco.veto.stages.Verdict;

/** The {@code candidate_flag} rows of one stage: read with their fingerprints, upserted, removed. */
final class CandidateFlags {

    /** A stored verdict and the fingerprint of the inputs it was made from. */
    record Stored(CandidateVerdict verdict, String fingerprint) {
    }

    private CandidateFlags() {
    }

    static Map<String, Stored> load(Connection c, String runId, String stage, Collection<String> srcIds) throws SQLException {
        Map<String, Stored> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT src_id, verdict, reason, details::text, fingerprint "
                + "FROM candidate_flag WHERE run_id = ? AND stage = ? AND src_id = ANY (?)")) {
            ps.setString(1, runId);
            ps.setString(2, stage);
            ps.setArray(3, textArray(c, srcIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CandidateVerdict v = new CandidateVerdict(rs.getString(1), Verdict.valueOf(rs.getString(2)),
                            rs.getString(3), Fingerprints.parse(rs.getString(4)));
                    stored.put(v.srcId(), new Stored(v, rs.getString(5)));
                }
            }
        }
        return stored;
    }

    static void upsert(Connection c, String runId, String stage, Collection<CandidateVerdict> verdicts,
                       Map<String, String> fingerprints) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO candidate_flag "
                + "(run_id, src_id, stage, verdict, reason, details, fingerprint) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?) "
                + "ON CONFLICT (run_id, src_id, stage) DO UPDATE SET verdict = EXCLUDED.verdict, "
                + "reason = EXCLUDED.reason, details = EXCLUDED.details, fingerprint = EXCLUDED.fingerprint, "
                + "decided_at = now()")) {
            for (CandidateVerdict v : verdicts) {
                ps.setString(1, runId);
                ps.setString(2, v.srcId());
                ps.setString(3, stage);
                ps.setString(4, v.verdict().name());
                ps.setString(5, v.reason());
                ps.setString(6, Fingerprints.json(v.details()));
                ps.setString(7, fingerprints.get(v.srcId()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Removes verdicts of candidates that no longer reach the stage (an earlier stage now rejects them). */
    static int removeExcept(Connection c, String runId, String stage, Collection<String> batch,
                            Collection<String> reaching) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM candidate_flag WHERE run_id = ? AND stage = ? "
                + "AND src_id = ANY (?) AND NOT (src_id = ANY (?))")) {
            ps.setString(1, runId);
            ps.setString(2, stage);
            ps.setArray(3, textArray(c, batch));
            ps.setArray(4, textArray(c, reaching));
            return ps.executeUpdate();
        }
    }

    private static Array textArray(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(new String[0]));
    }
}
