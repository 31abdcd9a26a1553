package org.vasco.coordinator.review;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.vasco.common.db.Database;
import org.vasco.coordinator.api.SourceId;

/**
 * Appends reviewers' verdicts to {@code review_verdict}. Every decision stays as a row; readers take the latest
 * per candidate. Thread-safe.
 */
public final class ReviewLedger {

    private final Database db;

    public ReviewLedger(Database db) {
        this.db = db;
    }

    /**
     * Records a verdict (the database clock stamps it).
     *
     * @return when it was recorded
     */
    public Instant record(String runId, SourceId srcId, ReviewVerdict verdict, String reviewer) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO review_verdict (run_id, src_id, verdict, reviewer)"
                    + " VALUES (?, ?, ?, ?) RETURNING decided_at")) {
                ps.setString(1, runId);
                ps.setString(2, srcId.value());
                ps.setString(3, verdict.label());
                ps.setString(4, reviewer);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getTimestamp(1).toInstant();
                }
            }
        });
    }
}
