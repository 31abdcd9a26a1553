package org.vasco.coordinator.api;

import org.vasco.coordinator.json.ApiJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.NearestCatalogueSource;
import org.vasco.common.db.Database;
import org.vasco.coordinator.finalise.S0Dedup;

/**
 * Reads a run's candidates with their stage flags and latest review verdict. Run and candidate ids must be
 * validated by the caller; every statement is parameterised. Thread-safe.
 */
public final class CandidateQueries {

    private static final String COLUMNS = "ca.src_id, ca.tile_id, ca.plate_id, ca.object_number, ca.ra_deg, ca.dec_deg,"
            + " ca.plate_epoch, ca.measurements::text, ca.duplicate_of,"
            + " EXISTS (SELECT 1 FROM candidate_flag f WHERE f.run_id = ca.run_id AND f.src_id = ca.src_id"
            + " AND f.verdict = 'REJECT')";

    private static final String FINAL = " AND ca.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM candidate_flag f"
            + " WHERE f.run_id = ca.run_id AND f.src_id = ca.src_id AND f.verdict = 'REJECT')";

    private final Database db;

    public CandidateQueries(Database db) {
        this.db = db;
    }

    /**
     * A page of the run's candidates in src_id order.
     *
     * @param finalOnly only those no stage rejected and dedup kept (what is left to review)
     */
    public List<CandidateView> candidates(String runId, boolean finalOnly, int limit, int offset) throws SQLException {
        try (Connection c = db.connection()) {
            c.setReadOnly(true);
            List<Row> rows = new ArrayList<>();
            // the late filters' and spike cut's rejects are no candidates of the run (they were never survivors)
            try (PreparedStatement ps = c.prepareStatement(finalOnly
                    ? "SELECT " + COLUMNS + " FROM candidate ca WHERE ca.run_id = ?" + FINAL + " ORDER BY ca.src_id LIMIT ? OFFSET ?"
                    : "SELECT " + COLUMNS + " FROM candidate ca WHERE ca.run_id = ? AND " + S0Dedup.PAST_TILE_CUTS
                            + " ORDER BY ca.src_id LIMIT ? OFFSET ?")) {
                ps.setString(1, runId);
                ps.setInt(2, limit);
                ps.setInt(3, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            return complete(c, runId, rows);
        }
    }

    /**
     * Every final candidate of the run (no stage rejected it, dedup kept it) with what the review page filters and
     * sorts by, in no particular order: the caller sorts. One statement, whatever the run's size.
     */
    public List<ReviewRow> reviewRows(String runId) throws SQLException {
        try (Connection c = db.connection()) {
            c.setReadOnly(true);
            return reviewRows(c, runId);
        }
    }

    private static List<ReviewRow> reviewRows(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ca.src_id, ca.tile_id, ca.plate_id, ca.object_number,"
                + " ca.ra_deg, ca.dec_deg, ca.plate_epoch,"
                + " CASE WHEN jsonb_typeof(ca.measurements -> 'SNR_WIN') = 'number'"
                + " THEN (ca.measurements ->> 'SNR_WIN')::double precision END,"
                + " (SELECT r.verdict FROM review_verdict r WHERE r.run_id = ca.run_id AND r.src_id = ca.src_id"
                + " ORDER BY r.decided_at DESC, r.id DESC LIMIT 1),"
                + " EXISTS (SELECT 1 FROM candidate_flag f WHERE f.run_id = ca.run_id AND f.src_id = ca.src_id"
                + " AND f.verdict = 'FLAG'),"
                + " ca.nearest_catalogue_arcsec, ca.nearest_catalogue"
                + " FROM candidate ca WHERE ca.run_id = ?" + FINAL)) {
            ps.setString(1, runId);
            List<ReviewRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double epoch = rs.getDouble(7);
                    Double plateEpoch = rs.wasNull() ? null : epoch;
                    double snr = rs.getDouble(8);
                    Double snrWin = rs.wasNull() ? null : snr;
                    double arcsec = rs.getDouble(11);
                    NearestCatalogueSource nearest = rs.wasNull() ? null : new NearestCatalogueSource(arcsec,
                            rs.getString(12) == null ? null : Catalogue.fromLabel(rs.getString(12)));
                    out.add(new ReviewRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getDouble(5),
                            rs.getDouble(6), plateEpoch, snrWin, rs.getString(9), rs.getBoolean(10), nearest));
                }
            }
            return out;
        }
    }

    /**
     * A final candidate as the review page filters and sorts it.
     *
     * @param snrWin        the stored SNR_WIN, null when absent or not a number
     * @param latestVerdict the latest review verdict (real, artefact, unsure), null when nobody has reviewed it
     * @param flagged       true when a stage flagged it (verdict FLAG); false when every stage kept it
     * @param nearestCatalogueSource the nearest catalogue source the xmatch step recorded, null for candidates
     *                      written before it did (V10)
     */
    public record ReviewRow(String srcId, String tileId, String plateId, int objectNumber, double raDeg, double decDeg,
                            Double plateEpoch, Double snrWin, String latestVerdict, boolean flagged,
                            NearestCatalogueSource nearestCatalogueSource) {
    }

    /** The candidates {@code srcIds} of the run, in that order; an id with no candidate row is left out. */
    public List<CandidateView> candidates(String runId, List<String> srcIds) throws SQLException {
        if (srcIds.isEmpty()) {
            return List.of();
        }
        try (Connection c = db.connection()) {
            c.setReadOnly(true);
            Map<String, Row> byId = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM candidate ca"
                    + " WHERE ca.run_id = ? AND ca.src_id = ANY (?)")) {
                ps.setString(1, runId);
                ps.setArray(2, c.createArrayOf("text", srcIds.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Row r = row(rs);
                        byId.put(r.srcId(), r);
                    }
                }
            }
            List<Row> rows = srcIds.stream().map(byId::get).filter(Objects::nonNull).toList();
            return complete(c, runId, rows);
        }
    }

    /**
     * Every review verdict of the run, oldest first, with its candidate's place (null when the candidate row is gone,
     * e.g. after a re-run of step 4) and whether it is the candidate's latest.
     */
    public List<ReviewRecord> reviews(String runId) throws SQLException {
        try (Connection c = db.connection()) {
            c.setReadOnly(true);
            return reviews(c, runId);
        }
    }

    /** {@link #reviews(String)} inside the caller's transaction (the run bundle's snapshot). */
    public static List<ReviewRecord> reviews(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.src_id, ca.tile_id, ca.plate_id, ca.ra_deg, ca.dec_deg,"
                + " r.verdict, r.reviewer, r.decided_at, r.id = (SELECT l.id FROM review_verdict l WHERE l.run_id = r.run_id"
                + " AND l.src_id = r.src_id ORDER BY l.decided_at DESC, l.id DESC LIMIT 1)"
                + " FROM review_verdict r LEFT JOIN candidate ca ON ca.run_id = r.run_id AND ca.src_id = r.src_id"
                + " WHERE r.run_id = ? ORDER BY r.decided_at, r.id")) {
            ps.setString(1, runId);
            List<ReviewRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double ra = rs.getDouble(4);
                    Double raDeg = rs.wasNull() ? null : ra;
                    double dec = rs.getDouble(5);
                    Double decDeg = rs.wasNull() ? null : dec;
                    out.add(new ReviewRecord(rs.getString(1), rs.getString(2), rs.getString(3), raDeg, decDeg,
                            rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getBoolean(9)));
                }
            }
            return out;
        }
    }

    /** One row of {@code review_verdict} with its candidate's tile, plate and position. */
    public record ReviewRecord(String srcId, String tileId, String plateId, Double raDeg, Double decDeg, String verdict,
                               String reviewer, java.time.Instant decidedAt, boolean latest) {
    }

    /** One candidate, or empty when the run has no such candidate. */
    public Optional<CandidateView> candidate(String runId, SourceId srcId) throws SQLException {
        try (Connection c = db.connection()) {
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM candidate ca"
                    + " WHERE ca.run_id = ? AND ca.src_id = ?")) {
                ps.setString(1, runId);
                ps.setString(2, srcId.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(complete(c, runId, List.of(row(rs))).get(0)) : Optional.empty();
                }
            }
        }
    }

    private List<CandidateView> complete(Connection c, String runId, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        String[] ids = rows.stream().map(Row::srcId).toArray(String[]::new);
        Map<String, List<CandidateView.StageFlag>> flags = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT src_id, stage, verdict, reason, details::text, decided_at"
                + " FROM candidate_flag WHERE run_id = ? AND src_id = ANY (?) ORDER BY src_id, stage")) {
            ps.setString(1, runId);
            ps.setArray(2, c.createArrayOf("text", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    flags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new CandidateView.StageFlag(
                            rs.getString(2), rs.getString(3), rs.getString(4), ApiJson.tree(rs.getString(5)),
                            rs.getTimestamp(6).toInstant()));
                }
            }
        }
        Map<String, CandidateView.ReviewMark> reviews = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (src_id) src_id, verdict, reviewer, decided_at"
                + " FROM review_verdict WHERE run_id = ? AND src_id = ANY (?) ORDER BY src_id, decided_at DESC, id DESC")) {
            ps.setString(1, runId);
            ps.setArray(2, c.createArrayOf("text", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reviews.put(rs.getString(1), new CandidateView.ReviewMark(rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        }
        List<CandidateView> views = new ArrayList<>(rows.size());
        for (Row r : rows) {
            views.add(new CandidateView(runId, r.srcId, r.tileId, r.plateId, r.objectNumber, r.raDeg, r.decDeg,
                    r.plateEpoch, ApiJson.tree(r.measurements), r.duplicateOf, r.duplicateOf == null && !r.rejected,
                    flags.getOrDefault(r.srcId, List.of()), reviews.get(r.srcId)));
        }
        return views;
    }

    private static Row row(ResultSet rs) throws SQLException {
        double epoch = rs.getDouble(7);
        Double plateEpoch = rs.wasNull() ? null : epoch;
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getDouble(5), rs.getDouble(6),
                plateEpoch, rs.getString(8), rs.getString(9), rs.getBoolean(10));
    }

    private record Row(String srcId, String tileId, String plateId, int objectNumber, double raDeg, double decDeg,
                       Double plateEpoch, String measurements, String duplicateOf, boolean rejected) {
    }
}
