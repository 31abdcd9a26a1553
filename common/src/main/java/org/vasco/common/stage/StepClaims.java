package org.vasco.common.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vasco.common.task.ScienceProfile;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.text.UntrustedText;

/**
 * The {@code run_tile} state transitions of one tile step, each a single fenced SQL statement run in the
 * caller's transaction. Lease times use the database clock ({@code now()}), so workers with skewed clocks
 * agree on when a lease has expired.
 *
 * <p>States: QUEUED → RUNNING (claim) → DONE | SKIPPED | RETRY | FAILED, and RUNNING → RETRY on release.
 * Every transition out of RUNNING requires {@code lease_owner}, {@code attempt} and {@code state='RUNNING'}
 * to still be the caller's; when they are not (the lease expired and another worker claimed the step),
 * the method returns {@code false} and writes nothing. Stateless and thread-safe.
 */
public final class StepClaims {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String FENCE = " WHERE run_id = ? AND tile_id = ? AND step = ?"
            + " AND state = 'RUNNING' AND lease_owner = ? AND attempt = ?";

    private final Duration lease;

    public StepClaims(Duration lease) {
        if (lease.isZero() || lease.isNegative()) {
            throw new IllegalArgumentException("The lease must be positive, found " + lease);
        }
        this.lease = lease;
    }

    public Duration lease() {
        return lease;
    }

    /**
     * Claims the step for {@code owner} when it is queued, due for retry, or RUNNING under an expired lease.
     *
     * @return the claim with its new attempt number, or empty when the step is not claimable now
     *         (done, failed, running under a live lease, a retry not yet due, or no such row)
     */
    public Optional<Claim> claim(Connection c, TileTask task, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE run_tile rt SET state = 'RUNNING', lease_owner = ?, lease_until = now() + ?::interval,"
                        + " attempt = rt.attempt + 1, started_at = now(), updated_at = now(), not_before = NULL"
                        + " FROM run r WHERE r.run_id = rt.run_id"
                        + " AND rt.run_id = ? AND rt.tile_id = ? AND rt.step = ?"
                        + " AND ((rt.state IN ('QUEUED', 'RETRY') AND (rt.not_before IS NULL OR rt.not_before <= now()))"
                        + "      OR (rt.state = 'RUNNING' AND rt.lease_until < now()))"
                        + " RETURNING rt.attempt, r.steps, r.profile")) {
            ps.setString(1, owner);
            ps.setString(2, interval(lease));
            ps.setString(3, task.runId());
            ps.setString(4, task.tileId());
            ps.setString(5, task.step().label());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<Step> graph = new ArrayList<>();
                for (String label : (String[]) rs.getArray(2).getArray()) {
                    graph.add(Step.fromLabel(label));
                }
                return Optional.of(new Claim(task, owner, rs.getInt(1), graph, ScienceProfile.parse(rs.getString(3))));
            }
        }
    }

    /** Extends the lease of a claim still held; false when it was lost. */
    public boolean renew(Connection c, Claim claim) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE run_tile SET lease_until = now() + ?::interval, updated_at = now()" + FENCE)) {
            ps.setString(1, interval(lease));
            fence(ps, 2, claim);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Marks the step DONE or SKIPPED with its metrics, applies the stage's database effects and, for DONE,
     * queues the run's next step (row and outbox task). All in the caller's transaction.
     *
     * @return false when the claim was lost; nothing was written (the caller must roll back)
     */
    public boolean complete(Connection c, Claim claim, StageResult result) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE run_tile SET state = ?, outcome = ?, reason = ?, metrics = ?::jsonb, finished_at = now(),"
                        + " updated_at = now(), lease_owner = NULL, lease_until = NULL, error_class = NULL,"
                        + " error_message = NULL" + FENCE)) {
            ps.setString(1, result.outcome().name());
            ps.setString(2, result.outcome().name());
            ps.setString(3, result.reason());
            ps.setString(4, json(result.metrics()));
            fence(ps, 5, claim);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        for (StageResult.DbEffect effect : result.effects()) {
            effect.apply(c);
        }
        if (result.outcome() == StepOutcome.DONE) {
            Optional<Step> next = nextStep(c, claim.task());
            if (next.isPresent()) {
                queue(c, claim.task().forStep(next.get(), 1));
            }
        }
        return true;
    }

    /** Records a failed attempt and schedules the next one after {@code delay}, through the outbox. */
    public boolean scheduleRetry(Connection c, Claim claim, String reason, Throwable error, Duration delay) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE run_tile SET state = 'RETRY', outcome = 'RETRY', reason = ?, error_class = ?, error_message = ?,"
                        + " not_before = now() + ?::interval, lease_owner = NULL, lease_until = NULL,"
                        + " finished_at = now(), updated_at = now()" + FENCE)) {
            ps.setString(1, reason);
            ps.setString(2, error.getClass().getName());
            ps.setString(3, UntrustedText.printable(error.getMessage(), UntrustedText.MESSAGE_CAP));
            ps.setString(4, interval(delay));
            fence(ps, 5, claim);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        Outbox.enqueueTask(c, claim.task().forStep(claim.task().step(), claim.attempt() + 1), delay);
        return true;
    }

    /** Marks the step FAILED with the error and dead-letters the task, in the caller's transaction. */
    public boolean fail(Connection c, Claim claim, DeadLetter letter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE run_tile SET state = 'FAILED', outcome = 'FAILED', reason = ?, error_class = ?, error_message = ?,"
                        + " lease_owner = NULL, lease_until = NULL, finished_at = now(), updated_at = now()" + FENCE)) {
            ps.setString(1, (String) letter.fields().get("reason"));
            ps.setString(2, (String) letter.fields().get("error_class"));
            ps.setString(3, (String) letter.fields().get("error_message"));
            fence(ps, 4, claim);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        Outbox.enqueue(c, Step.DLQ_TOPIC, letter.key(), letter.toJson(), Duration.ZERO);
        return true;
    }

    /**
     * Gives the claim back without spending an attempt (shutdown): the step is due again at once and its task
     * goes back to the outbox for whichever worker gets it next.
     */
    public boolean release(Connection c, Claim claim) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE run_tile SET state = 'RETRY', outcome = 'RELEASED', attempt = attempt - 1, not_before = NULL,"
                        + " lease_owner = NULL, lease_until = NULL, updated_at = now()" + FENCE)) {
            fence(ps, 1, claim);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        Outbox.enqueueTask(c, claim.task(), Duration.ZERO);
        return true;
    }

    private static Optional<Step> nextStep(Connection c, TileTask task) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT steps FROM run WHERE run_id = ?")) {
            ps.setString(1, task.runId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("Run " + task.runId() + " of tile " + task.tileId() + " does not exist");
                }
                Array array = rs.getArray(1);
                String[] steps = (String[]) array.getArray();
                for (int i = 0; i < steps.length; i++) {
                    if (steps[i].equals(task.step().label())) {
                        return i + 1 < steps.length ? Optional.of(Step.fromLabel(steps[i + 1])) : Optional.empty();
                    }
                }
                throw new SQLException("Run " + task.runId() + " has no step '" + task.step().label() + "' in its step graph "
                        + String.join(",", steps));
            }
        }
    }

    /** Inserts the next step's row; only a newly inserted row gets a task (a re-run keeps the existing one). */
    private static void queue(Connection c, TileTask next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_tile (run_id, tile_id, step, state, trace_id) VALUES (?, ?, ?, 'QUEUED', ?)"
                        + " ON CONFLICT DO NOTHING")) {
            ps.setString(1, next.runId());
            ps.setString(2, next.tileId());
            ps.setString(3, next.step().label());
            ps.setString(4, next.traceId());
            if (ps.executeUpdate() == 1) {
                Outbox.enqueueTask(c, next, Duration.ZERO);
            }
        }
    }

    private static void fence(PreparedStatement ps, int first, Claim claim) throws SQLException {
        ps.setString(first, claim.task().runId());
        ps.setString(first + 1, claim.task().tileId());
        ps.setString(first + 2, claim.task().step().label());
        ps.setString(first + 3, claim.owner());
        ps.setInt(first + 4, claim.attempt());
    }

    static String interval(Duration d) {
        return d.toMillis() + " milliseconds";
    }

    private static String json(Map<String, Object> metrics) {
        try {
            return MAPPER.writeValueAsString(metrics);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Stage metrics cannot be written as JSON: " + metrics, e);
        }
    }
}
