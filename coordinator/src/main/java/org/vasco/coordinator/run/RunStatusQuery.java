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

    public RunStatus status(String runId) throws SQLException, InvalidRunRequestException {
        try (Connection c = db.connection()) {
            c.setReadOnly(true);
            RunRow run = runRow(c, runId);
            Map<String, Map<String, Integer>> byStep = new LinkedHashMap<>();
            run.steps.forEach(s -> byStep.put(s, new HashMap<>()));
            Map<String, TileProgress> tiles = new HashMap<>();
            List<FailedTile> failed = new ArrayList<>();
            String last = run.steps.get(run.steps.size() - 1);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT tile_id, step, state, finished_at, reason, error_message FROM run_tile WHERE run_id = ?"
                            + " ORDER BY tile_id, step")) {
                ps.setString(1, runId);
                ps.setFetchSize(5000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String tile = rs.getString(1);
                        String step = rs.getString(2);
                        String state = rs.getString(3);
                        Timestamp finishedAt = rs.getTimestamp(4);
                        byStep.computeIfAbsent(step, k -> new HashMap<>()).merge(state, 1, Integer::sum);
                        TileProgress p = tiles.computeIfAbsent(tile, k -> new TileProgress());
                        boolean finalHere = state.equals("FAILED") || state.equals("SKIPPED")
                                || (state.equals("DONE") && step.equals(last));
                        if (finalHere) {
                            p.isFinal = true;
                            if (finishedAt != null && (p.finishedAt == null || finishedAt.toInstant().isAfter(p.finishedAt))) {
                                p.finishedAt = finishedAt.toInstant();
                            }
                        }
                        if (state.equals("FAILED")) {
                            failed.add(new FailedTile(tile, step, rs.getString(5), rs.getString(6)));
                        }
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
            Instant since = clock.instant().minus(RATE_WINDOW);
            int finished = 0;
            int recent = 0;
            for (TileProgress p : tiles.values()) {
                if (p.isFinal) {
                    finished++;
                    if (p.finishedAt != null && p.finishedAt.isAfter(since)) {
                        recent++;
                    }
                }
            }
            double rate = recent / (double) RATE_WINDOW.toMinutes();
            return new RunStatus(runId, run.mode, run.createdAt, run.steps, run.tiles, counts, finished, rate, failed, run.profile);
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

    private static final class TileProgress {
        boolean isFinal;
        Instant finishedAt;
    }
}
