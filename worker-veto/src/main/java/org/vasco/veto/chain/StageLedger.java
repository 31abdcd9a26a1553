package org.vasco.veto.chain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.vasco.common.task.ScienceProfile;
import org.vasco.veto.stages.VetoStage;

/**
 * The {@code stage_ledger} row of a run and stage. Totals are recomputed from the stage's {@code candidate_flag}
 * rows of the run, so batches add up and a re-run never double counts: input = kept (incl. flagged) + rejected.
 * The parameters are the stage's, plus the run's science profile under {@code profile}.
 */
final class StageLedger {

    private StageLedger() {
    }

    /** Recomputes and stores the ledger; returns its totals. */
    static Totals refresh(Connection c, String runId, VetoStage stage, String parametersJson, ScienceProfile profile)
            throws SQLException {
        long keep = 0;
        long flag = 0;
        long reject = 0;
        Map<String, Long> byReason = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT verdict, coalesce(reason, ''), count(*) FROM candidate_flag "
                + "WHERE run_id = ? AND stage = ? GROUP BY verdict, reason")) {
            ps.setString(1, runId);
            ps.setString(2, stage.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long n = rs.getLong(3);
                    switch (rs.getString(1)) {
                        case "KEEP" -> keep += n;
                        case "FLAG" -> flag += n;
                        default -> {
                            reject += n;
                            for (String reason : rs.getString(2).split(",")) {
                                byReason.merge(reason, n, Long::sum);
                            }
                        }
                    }
                }
            }
        }
        Totals totals = new Totals(keep + flag + reject, keep + flag, flag, reject);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("input_rows", totals.input());
        json.put("kept_rows", totals.kept());
        json.put("flagged_rows", totals.flagged());
        json.put("rejected_rows", totals.rejected());
        json.put("rejection_pct", totals.input() == 0 ? 0.0 : Math.round(10000.0 * totals.rejected() / totals.input()) / 100.0);
        json.put("rejected_by_reason", byReason);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_ledger "
                + "(run_id, stage, fingerprint, parameters, input_rows, rejected_rows, kept_rows, totals, updated_at) "
                + "VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, now()) ON CONFLICT (run_id, stage) DO UPDATE SET "
                + "fingerprint = EXCLUDED.fingerprint, parameters = EXCLUDED.parameters, input_rows = EXCLUDED.input_rows, "
                + "rejected_rows = EXCLUDED.rejected_rows, kept_rows = EXCLUDED.kept_rows, totals = EXCLUDED.totals, "
                + "updated_at = now()")) {
            ps.setString(1, runId);
            ps.setString(2, stage.name());
            ps.setString(3, Fingerprints.ofParameters(stage, parametersJson));
            Map<String, Object> recorded = new TreeMap<>(Fingerprints.parse(parametersJson));
            recorded.put("profile", profile.label());
            ps.setString(4, Fingerprints.json(recorded));
            ps.setInt(5, Math.toIntExact(totals.input()));
            ps.setInt(6, Math.toIntExact(totals.rejected()));
            ps.setInt(7, Math.toIntExact(totals.kept()));
            ps.setString(8, Fingerprints.json(json));
            ps.executeUpdate();
        }
        return totals;
    }

    /**
     * A stage's run totals.
     *
     * @param input    candidates that reached the stage
     * @param kept     kept, flagged ones included
     * @param flagged  kept with a flag
     * @param rejected removed
     */
    record Totals(long input, long kept, long flagged, long rejected) {
    }
}
