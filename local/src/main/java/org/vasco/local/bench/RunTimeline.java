package org.vasco.local.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.vasco.common.db.Database;

/**
 * Every {@code run_tile} row of one run, as {@link StepTiming}s in pipeline order per tile. Read once the run is
 * complete; the bench commands derive all their cluster figures from it, so they measure what the database recorded
 * rather than when a poller happened to look.
 */
record RunTimeline(String runId, List<StepTiming> steps) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static RunTimeline read(Database db, String runId) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT rt.tile_id, rt.step, rt.state, rt.queued_at, rt.published_at, rt.started_at, rt.finished_at,"
                             + " rt.metrics::text, array_position(r.steps, rt.step) AS idx"
                             + " FROM run_tile rt JOIN run r ON r.run_id = rt.run_id WHERE rt.run_id = ?"
                             + " ORDER BY rt.tile_id, idx")) {
            ps.setString(1, runId);
            List<StepTiming> steps = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.add(new StepTiming(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                            metrics(rs.getString(8))));
                }
            }
            return new RunTimeline(runId, List.copyOf(steps));
        }
    }

    /** The steps of one tile, in pipeline order. */
    List<StepTiming> ofTile(String tileId) {
        return steps.stream().filter(s -> s.tileId().equals(tileId)).toList();
    }

    List<StepTiming> ofStep(String step) {
        return steps.stream().filter(s -> s.step().equals(step)).toList();
    }

    /** The submission (the first step's queued_at) → the last completing transaction of the run. */
    Duration span() {
        Instant first = steps.stream().map(StepTiming::queuedAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = steps.stream().map(StepTiming::finishedAt).filter(t -> t != null)
                .max(Comparator.naturalOrder()).orElseThrow();
        return Duration.between(first, last);
    }

    /** True when every row is DONE. */
    boolean allDone() {
        return steps.stream().allMatch(s -> s.state().equals("DONE"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Map<String, Object> metrics(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("run_tile.metrics is not a JSON object: " + json, e);
        }
    }
}
