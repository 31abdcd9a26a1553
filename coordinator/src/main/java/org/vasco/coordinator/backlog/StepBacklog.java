package org.vasco.coordinator.backlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.vasco.common.task.Step;

/**
 * The backlog of a step: tile steps that a worker of the step could claim now, i.e. rows of {@code run_tile} for
 * the step in state QUEUED or RETRY whose retry time ({@code not_before}) has come. RUNNING steps are not counted
 * (a worker holds them) and neither are retries that wait for their back-off.
 *
 * <p>This is the exact backlog, unlike Kafka consumer lag: it counts each waiting tile step once, however often its
 * task was published, and it exists whatever the transport (share groups have no lag). The query is served by the
 * partial index {@code run_tile_backlog_idx} (migration V5), so its cost follows the backlog, not the history of
 * {@code run_tile} (docs/performance.md). KEDA's PostgreSQL scaler runs {@link #countQuery(Step)} verbatim (deploy/k8s
 * components/keda; a test compares the texts). Stateless and thread-safe.
 */
public final class StepBacklog {

    private StepBacklog() {
    }

    /**
     * The SQL that counts the step's backlog, as one line: the coordinator's gauge and KEDA's scaler run this text.
     * The step's label is a literal (it is an enum constant, never user input), so the text is self-contained.
     */
    public static String countQuery(Step step) {
        return "SELECT count(*) FROM run_tile WHERE step = '" + step.label() + "' AND state IN ('QUEUED', 'RETRY')"
                + " AND (not_before IS NULL OR not_before <= now())";
    }

    /** Runs {@link #countQuery(Step)} on {@code connection}. */
    public static long count(Connection connection, Step step) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(countQuery(step)); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
