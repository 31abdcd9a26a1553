package org.vasco.coordinator.finalise;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A survivor of a run's done tile (a candidate the late filters and the spike cut kept) with its S0 marks and every post-stage verdict, as the funnel and the export
 * read it.
 *
 * @param plateId       the plate recorded with the candidate
 * @param planPlateId   the plan plate of its tile (the funnel's per-plate grouping)
 * @param measurements  the step-4 measurements as stored (a JSON object)
 * @param duplicateOf   the S0 representative when dedup merged this row away, else null
 * @param mergedIds     the ids S0 dedup merged into this representative (empty when none)
 * @param verdicts      stage name to verdict
 */
public record RunCandidate(String srcId, String tileId, String plateId, String planPlateId, int objectNumber,
                           double raDeg, double decDeg, Double plateEpoch, String measurements, String duplicateOf,
                           List<String> mergedIds, Map<String, Verdict> verdicts) {

    /** One {@code candidate_flag} row: KEEP, REJECT or FLAG and the stage's reason. */
    public record Verdict(String verdict, String reason) {
    }

    /** True when S0 kept it as a representative (or it had no duplicate). */
    public boolean inS0() {
        return duplicateOf == null;
    }

    /**
     * True when it is in S0 and no stage of {@code order} up to and including {@code stage} rejected it (FLAG keeps).
     * With {@code stage} null: no stage at all rejected it, the final set.
     */
    public boolean survives(List<String> order, String stage) {
        if (!inS0()) {
            return false;
        }
        int last = stage == null ? Integer.MAX_VALUE : order.indexOf(stage);
        for (Map.Entry<String, Verdict> v : verdicts.entrySet()) {
            if (v.getValue().verdict().equals("REJECT")) {
                int at = order.indexOf(v.getKey());
                if (stage == null || (at >= 0 && at <= last)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The run's candidates on done tiles that passed the late filters and the spike cut (the tiles' survivors), in
     * src_id order (Java string order).
     */
    public static List<RunCandidate> load(Connection c, String runId) throws SQLException {
        Map<String, Map<String, Verdict>> verdicts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT src_id, stage, verdict, reason FROM candidate_flag"
                + " WHERE run_id = ?")) {
            ps.setString(1, runId);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    verdicts.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), new Verdict(rs.getString(3), rs.getString(4)));
                }
            }
        }
        List<RunCandidate> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ca.src_id, ca.tile_id, ca.plate_id, t.plate_id,"
                + " ca.object_number, ca.ra_deg, ca.dec_deg, ca.plate_epoch, ca.measurements::text, ca.duplicate_of,"
                + " ca.merged_ids FROM candidate ca JOIN tile t ON t.tile_id = ca.tile_id"
                + " WHERE ca.run_id = ? AND " + S0Dedup.ON_DONE_TILE + " AND " + S0Dedup.PAST_TILE_CUTS)) {
            ps.setString(1, runId);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double epoch = rs.getDouble(8);
                    Double plateEpoch = rs.wasNull() ? null : epoch;
                    Array merged = rs.getArray(11);
                    String srcId = rs.getString(1);
                    out.add(new RunCandidate(srcId, rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getDouble(6), rs.getDouble(7), plateEpoch, rs.getString(9), rs.getString(10),
                            merged == null ? List.of() : List.of((String[]) merged.getArray()),
                            verdicts.getOrDefault(srcId, Map.of())));
                }
            }
        }
        out.sort((a, b) -> a.srcId().compareTo(b.srcId()));
        return out;
    }

    /** The post stages with a verdict on any of {@code candidates}, in release order. */
    public static List<String> stagesOf(List<RunCandidate> candidates) {
        Set<String> present = new HashSet<>();
        candidates.forEach(c -> present.addAll(c.verdicts().keySet()));
        return PostStages.ordered(present);
    }
}
