package org.vasco.veto.chain;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.vasco.common.task.ScienceProfile;
import org.vasco.veto.stages.VetoStage;

/**
 * The stage ledgers of a run, written tile by tile. A tile's share of a stage's totals ({@code stage_ledger_tile}) is
 * recounted from that tile's {@code candidate_flag} rows of the stage, in the transaction that changed them, so a
 * re-run replaces it and never double counts: input = kept (incl. flagged) + rejected. A run's totals are the sum of
 * its tiles' shares, read through the view {@code stage_ledger}, which shows a stage once a tile's share of it has been
 * committed (so a failed attempt leaves no ledger behind). Completions of different tiles of one run write
 * different rows and never wait for each other; the only row they share, a stage's parameters
 * ({@code stage_ledger_run}), is written when the stage judges (outside the completing transaction), and only when it is
 * missing or its fingerprint changed.
 */
final class StageLedger {

    private StageLedger() {
    }

    /**
     * Records a stage's parameters and fingerprint for the run when they are new or changed. An unchanged row is
     * neither written nor locked. The parameters are the stage's, plus the run's science profile under {@code profile}.
     */
    static void recordParameters(Connection c, String runId, VetoStage stage, String parametersJson, ScienceProfile profile)
            throws SQLException {
        String fingerprint = Fingerprints.ofParameters(stage, parametersJson);
        Map<String, Object> recorded = new TreeMap<>(Fingerprints.parse(parametersJson));
        recorded.put("profile", profile.label());
        String parameters = Fingerprints.json(recorded);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_ledger_run (run_id, stage, fingerprint, parameters)"
                + " VALUES (?, ?, ?, ?::jsonb) ON CONFLICT (run_id, stage) DO NOTHING")) {
            ps.setString(1, runId);
            ps.setString(2, stage.name());
            ps.setString(3, fingerprint);
            ps.setString(4, parameters);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE stage_ledger_run SET fingerprint = ?, parameters = ?::jsonb,"
                + " updated_at = now() WHERE run_id = ? AND stage = ? AND fingerprint IS DISTINCT FROM ?")) {
            ps.setString(1, fingerprint);
            ps.setString(2, parameters);
            ps.setString(3, runId);
            ps.setString(4, stage.name());
            ps.setString(5, fingerprint);
            ps.executeUpdate();
        }
    }

    /**
     * Recounts the shares of {@code tiles} in the ledgers of {@code stages} from their verdicts; returns the tiles'
     * totals per stage (summed over the tiles). With {@code zeros}, a stage none of a tile's candidates reached gets a
     * share of zeros (the chain ran over the tile: the stage shows in the run's ledger); without, it gets none.
     */
    static Map<String, Totals> refreshTiles(Connection c, String runId, Collection<String> tiles, Collection<String> stages,
                                            boolean zeros) throws SQLException {
        Map<String, Map<String, Share>> shares = new TreeMap<>();
        if (zeros) {
            for (String tile : tiles) {
                for (String stage : stages) {
                    shares.computeIfAbsent(tile, t -> new TreeMap<>()).put(stage, new Share());
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ca.tile_id, f.stage, f.verdict, coalesce(f.reason, ''), count(*)"
                + " FROM candidate ca JOIN candidate_flag f ON f.run_id = ca.run_id AND f.src_id = ca.src_id"
                + " WHERE ca.run_id = ? AND ca.tile_id = ANY (?) AND f.stage = ANY (?)"
                + " GROUP BY ca.tile_id, f.stage, f.verdict, f.reason")) {
            ps.setString(1, runId);
            ps.setArray(2, textArray(c, tiles));
            ps.setArray(3, textArray(c, stages));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    shares.computeIfAbsent(rs.getString(1), t -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), s -> new Share())
                            .add(rs.getString(3), rs.getString(4), rs.getLong(5));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM stage_ledger_tile WHERE run_id = ? AND tile_id = ANY (?)"
                + " AND stage = ANY (?)")) {
            ps.setString(1, runId);
            ps.setArray(2, textArray(c, tiles));
            ps.setArray(3, textArray(c, stages));
            ps.executeUpdate();
        }
        Map<String, Totals> sums = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO stage_ledger_tile (run_id, stage, tile_id, input_rows,"
                + " kept_rows, flagged_rows, rejected_rows, rejected_by_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            for (Map.Entry<String, Map<String, Share>> tile : shares.entrySet()) {
                for (Map.Entry<String, Share> stage : tile.getValue().entrySet()) {
                    Totals t = stage.getValue().totals();
                    ps.setString(1, runId);
                    ps.setString(2, stage.getKey());
                    ps.setString(3, tile.getKey());
                    ps.setInt(4, Math.toIntExact(t.input()));
                    ps.setInt(5, Math.toIntExact(t.kept()));
                    ps.setInt(6, Math.toIntExact(t.flagged()));
                    ps.setInt(7, Math.toIntExact(t.rejected()));
                    ps.setString(8, Fingerprints.json(new LinkedHashMap<>(stage.getValue().byReason)));
                    ps.addBatch();
                    sums.merge(stage.getKey(), t, Totals::plus);
                }
            }
            ps.executeBatch();
        }
        return sums;
    }

    private static Array textArray(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(new String[0]));
    }

    /** One tile's verdicts of one stage, counted. */
    private static final class Share {
        private long keep;
        private long flag;
        private long reject;
        private final Map<String, Long> byReason = new TreeMap<>();

        void add(String verdict, String reason, long n) {
            switch (verdict) {
                case "KEEP" -> keep += n;
                case "FLAG" -> flag += n;
                default -> {
                    reject += n;
                    for (String part : reason.split(",")) {
                        byReason.merge(part, n, Long::sum);
                    }
                }
            }
        }

        Totals totals() {
            return new Totals(keep + flag + reject, keep + flag, flag, reject);
        }
    }

    /**
     * A stage's totals over some tiles.
     *
     * @param input    candidates that reached the stage
     * @param kept     kept, flagged ones included
     * @param flagged  kept with a flag
     * @param rejected removed
     */
    record Totals(long input, long kept, long flagged, long rejected) {

        Totals plus(Totals other) {
            return new Totals(input + other.input, kept + other.kept, flagged + other.flagged, rejected + other.rejected);
        }
    }
}
