package org.vasco.coordinator.run;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vasco.common.db.Database;

/**
 * Reads a run's progress from {@code run_tile}. A tile is final when the run's last step is DONE for it, or
 * any of its steps is FAILED or SKIPPED; the rate counts tiles that became final within {@link #RATE_WINDOW}
 * of the query's clock. Thread-safe.
 */
public final class RunStatusQuery {

    /** The window over which the finishing rate is measured. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(5);
    /** On a row of the run's last step ({@code ?}): it makes its tile final. */
    private static final String FINAL_ROW = "state IN ('FAILED', 'SKIPPED') OR (state = 'DONE' AND step = ?)";

    private final Database db;
    private final Clock clock;

    public RunStatusQuery(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The most recently created run, if any. */
    public Optional<String> latestRun() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT run_id FROM run ORDER BY created_at DESC, run_id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** The run's steps in order. @throws InvalidRunRequestException when there is no such run */
    public List<String> stepsOf(String runId) throws SQLException, InvalidRunRequestException {
        try (Connection c = db.connection()) {
            return runRow(c, runId).steps;
        }
    }

    /**
     * The run's progress, counted by the database: per step and state, the final tiles and how many became final
     * within {@link #RATE_WINDOW}, and the FAILED steps. Reads only the run's rows (its key prefix), never other runs'.
     */
    public RunStatus status(String runId) throws SQLException, InvalidRunRequestException {
        try (Connection c = db.connection()) {
            c.setReadOnly(true);
            RunRow run = runRow(c, runId);
            Map<String, Map<String, Integer>> byStep = new LinkedHashMap<>();
            run.steps.forEach(s -> byStep.put(s, new HashMap<>()));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT step, state, count(*) FROM run_tile WHERE run_id = ? GROUP BY step, state ORDER BY step, state")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byStep.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getInt(3));
                    }
                }
            }
            String last = run.steps.get(run.steps.size() - 1);
            int finished;
            int recent;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE final),"
                    + " count(*) FILTER (WHERE final AND finished > ?) FROM (SELECT bool_or(" + FINAL_ROW + ") AS final,"
                    + " max(finished_at) FILTER (WHERE " + FINAL_ROW + ") AS finished FROM run_tile WHERE run_id = ?"
                    + " GROUP BY tile_id) t")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant().minus(RATE_WINDOW)));
                ps.setString(2, last);
                ps.setString(3, last);
                ps.setString(4, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    finished = rs.getInt(1);
                    recent = rs.getInt(2);
                }
            }
            List<FailedTile> failed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tile_id, step, reason, error_message FROM run_tile"
                    + " WHERE run_id = ? AND state = 'FAILED' ORDER BY tile_id, step")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        failed.add(new FailedTile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            Map<String, StepCounts> counts = new LinkedHashMap<>();
            byStep.forEach((step, states) -> {
                int present = states.values().stream().mapToInt(Integer::intValue).sum();
                counts.put(step, new StepCounts(Math.max(0, run.tiles - present),
                        states.getOrDefault("QUEUED", 0) + states.getOrDefault("RETRY", 0),
                        states.getOrDefault("RUNNING", 0), states.getOrDefault("DONE", 0),
                        states.getOrDefault("FAILED", 0), states.getOrDefault("SKIPPED", 0)));
            });
            double rate = recent / (double) RATE_WINDOW.toMinutes();
            return new RunStatus(runId, run.mode, run.createdAt, run.steps, run.tiles, counts, finished, rate, failed,
                    OutboxFailures.read(c), run.profile);
        }
    }

    private static RunRow runRow(Connection c, String runId) throws SQLException, InvalidRunRequestException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT r.mode, r.steps, r.created_at,"
                        + " (SELECT count(DISTINCT tile_id) FROM run_tile rt WHERE rt.run_id = r.run_id), r.profile"
                        + " FROM run r WHERE r.run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new InvalidRunRequestException("Unknown run '" + runId + "': 'vasco status' without --run shows the latest run");
                }
                Array steps = rs.getArray(2);
                return new RunRow(rs.getString(1), List.of((String[]) steps.getArray()), rs.getTimestamp(3).toInstant(), rs.getInt(4),
                        rs.getString(5));
            }
        }
    }

    private record RunRow(String mode, List<String> steps, Instant createdAt, int tiles, String profile) {
    }
}
