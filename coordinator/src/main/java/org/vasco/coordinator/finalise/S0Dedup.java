package org.vasco.coordinator.finalise;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.late.LateCuts;
import org.vasco.common.sky.match.SkyIndex;

/**
 * The S0 deduplication of a run's candidates (SPEC §9.1): candidates within {@link #TOLERANCE_ARCSEC} of each other
 * are clustered transitively (union-find), and each cluster keeps its lexicographically smallest src_id as the
 * representative. The others get {@code candidate.duplicate_of} = the representative; the representative gets
 * {@code merged_ids} = the ids merged into it, in src_id order.
 *
 * <p>Unlike the reference, which clusters per plate and leaves cross-plate duplicates (49 pairs in the release),
 * clustering here runs over the whole run, so the same object on the overlap of two plates is one candidate.
 *
 * <p>Only candidates of tiles that finished the run's last step take part ({@link #ON_DONE_TILE}), and only those
 * the late filters and the spike cut kept ({@link #PAST_TILE_CUTS}): the tiles' survivors.
 *
 * <p>Idempotent: every call first clears the run's previous dedup marks, so re-running after a tile was
 * re-processed gives the same result as running once on the current rows.
 */
public final class S0Dedup {

    /**
     * SQL condition on a candidate row {@code ca}: its tile finished the run's last step. Candidates left by a tile
     * that failed or was skipped afterwards are not survivors of the run and take no part in S0.
     */
    static final String ON_DONE_TILE = "EXISTS (SELECT 1 FROM run_tile d JOIN run r ON r.run_id = d.run_id"
            + " WHERE d.run_id = ca.run_id AND d.tile_id = ca.tile_id AND d.state = 'DONE'"
            + " AND d.step = r.steps[array_length(r.steps, 1)])";

    /**
     * SQL condition on a candidate row {@code ca}: neither the late filters nor the spike cut rejected it. The xmatch
     * step leaves a row per veto survivor and the veto step records those cuts as {@code LATE} / {@code SPIKE}
     * rejections, so this is what makes a row one of its tile's survivors (SPEC §8.2 {@code survivors}): the
     * rows S0 and everything after it are built from.
     */
    public static final String PAST_TILE_CUTS = "NOT EXISTS (SELECT 1 FROM candidate_flag x WHERE x.run_id = ca.run_id"
            + " AND x.src_id = ca.src_id AND x.verdict = 'REJECT' AND x.stage IN ('" + LateCuts.LATE_STAGE + "', '"
            + LateCuts.SPIKE_STAGE + "'))";

    /** The reference's {@code --dedup-tol-arcsec} default: pairs at or within this separation are one object. */
    public static final double TOLERANCE_ARCSEC = 0.25;

    /**
     * What one dedup did.
     *
     * @param candidates   the run's candidate rows on done tiles
     * @param clusters     clusters of two or more rows
     * @param duplicates   rows marked as a duplicate of a representative
     */
    public record Outcome(int candidates, int clusters, int duplicates) {
    }

    private S0Dedup() {
    }

    /** Deduplicates the run's candidates inside the caller's transaction. */
    public static Outcome apply(Connection c, String runId) throws SQLException {
        List<Position> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ca.src_id, ca.ra_deg, ca.dec_deg FROM candidate ca"
                + " WHERE ca.run_id = ? AND " + ON_DONE_TILE + " AND " + PAST_TILE_CUTS)) {
            ps.setString(1, runId);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Position(rs.getString(1), rs.getDouble(2), rs.getDouble(3)));
                }
            }
        }
        // Java's String order, not the database collation: "smallest src_id" must not depend on the server locale.
        rows.sort(Comparator.comparing(Position::srcId));
        Map<Integer, List<Integer>> clusters = clusters(rows);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE candidate SET duplicate_of = NULL, merged_ids = NULL WHERE run_id = ?"
                        + " AND (duplicate_of IS NOT NULL OR merged_ids IS NOT NULL)")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
        int duplicates = 0;
        int merged = 0;
        try (PreparedStatement rep = c.prepareStatement("UPDATE candidate SET merged_ids = ? WHERE run_id = ? AND src_id = ?");
             PreparedStatement dup = c.prepareStatement("UPDATE candidate SET duplicate_of = ? WHERE run_id = ? AND src_id = ?")) {
            for (Map.Entry<Integer, List<Integer>> cluster : clusters.entrySet()) {
                List<Integer> members = cluster.getValue();
                if (members.size() < 2) {
                    continue;
                }
                merged++;
                String representative = rows.get(cluster.getKey()).srcId();
                List<String> others = new ArrayList<>();
                for (int m : members) {
                    if (m != cluster.getKey()) {
                        String id = rows.get(m).srcId();
                        others.add(id);
                        dup.setString(1, representative);
                        dup.setString(2, runId);
                        dup.setString(3, id);
                        dup.addBatch();
                        duplicates++;
                    }
                }
                rep.setArray(1, c.createArrayOf("text", others.toArray()));
                rep.setString(2, runId);
                rep.setString(3, representative);
                rep.addBatch();
            }
            rep.executeBatch();
            dup.executeBatch();
        }
        return new Outcome(rows.size(), merged, duplicates);
    }

    /**
     * Clusters by union-find over the pairs within the tolerance. Rows are sorted by src_id, so each root is kept
     * at the smallest index of its set: the root is the representative. Keys in ascending representative order,
     * members ascending.
     */
    static Map<Integer, List<Integer>> clusters(List<Position> rows) {
        int n = rows.size();
        double[] ra = new double[n];
        double[] dec = new double[n];
        for (int i = 0; i < n; i++) {
            ra[i] = rows.get(i).raDeg();
            dec[i] = rows.get(i).decDeg();
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        if (n > 1) {
            SkyIndex index = SkyIndex.build(ra, dec, TOLERANCE_ARCSEC);
            for (int i = 0; i < n; i++) {
                int self = i;
                index.forEachWithin(ra[i], dec[i], TOLERANCE_ARCSEC, (row, separation) -> {
                    if (row != self) {
                        union(parent, self, row);
                    }
                });
            }
        }
        Map<Integer, List<Integer>> clusters = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            clusters.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        }
        return clusters;
    }

    private static int find(int[] parent, int i) {
        int root = i;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[i] != root) {
            int next = parent[i];
            parent[i] = root;
            i = next;
        }
        return root;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    record Position(String srcId, double raDeg, double decDeg) {
    }
}
