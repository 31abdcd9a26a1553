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
 * {@code run_tile} (docs/performance.md). KEDA's PostgreSQL scaler runs {@link #scalerQuery(Step)} verbatim (deploy/k8s
 * components/keda; a test compares the texts). Stateless and thread-safe.
 */
public final class StepBacklog {

    /** The count, for one step (the parameter: its label). KEDA's scalers run it with the label written in. */
    public static final String WAITING_TILE_STEPS = "SELECT count(*) FROM run_tile WHERE step = ?"
            + " AND state IN ('QUEUED', 'RETRY') AND (not_before IS NULL OR not_before <= now())";

    private StepBacklog() {
    }

    /**
     * {@link #WAITING_TILE_STEPS} with the step's label in place of the parameter, as one self-contained line: the
     * query of the step's KEDA ScaledObject, which runs plain SQL. (The label is an enum constant, never input.)
     */
    public static String scalerQuery(Step step) {
        return WAITING_TILE_STEPS.replace("?", "'" + step.label() + "'");
    }

    /** Runs {@link #WAITING_TILE_STEPS} for {@code step} on {@code connection}. */
    public static long count(Connection connection, Step step) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(WAITING_TILE_STEPS)) {
            ps.setString(1, step.label());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
