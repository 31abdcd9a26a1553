package org.vasco.coordinator.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vasco.common.db.Database;
import org.vasco.common.stage.Outbox;
import org.vasco.common.task.RunId;
import org.vasco.common.task.ScienceProfile;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.coordinator.plan.PlanTile;

/**
 * Creates a run: checks the request completely first, then writes the run row, one {@code run_tile} row per
 * tile for the mode's first step (QUEUED) and one task per tile in the outbox, all in one transaction, the tasks
 * longest first by the tiles' history ({@link LongestTilesFirst}). A rejected request writes nothing. Thread-safe.
 */
public final class RunSubmission {

    /** The mode recorded for a run submitted with a graph of its own ({@link #submitGraph}). */
    public static final String CUSTOM_GRAPH = "custom";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int BATCH = 1000;

    private final Database db;

    public RunSubmission(Database db) {
        this.db = db;
    }

    /** A default run name such as {@code run-XE309-20261125-180300} (UTC). */
    public static String defaultName(String subject, Clock clock) {
        return "run-" + subject + "-" + STAMP.format(clock.instant());
    }

    /**
     * Submits {@code tiles} as run {@code runName}.
     *
     * @param parameters what the user asked for (plate, limit, tile file), recorded with the run
     * @throws InvalidRunRequestException when the name is invalid or taken, or no tiles are given; nothing is written
     */
    public SubmittedRun submit(String runName, RunMode mode, List<PlanTile> tiles, Map<String, Object> parameters)
            throws InvalidRunRequestException, SQLException {
        return submit(runName, mode, ScienceProfile.DEFAULT, tiles, parameters);
    }

    /**
     * Submits {@code tiles} as run {@code runName} with the science {@code profile} (stored in {@code run.profile}).
     *
     * @param parameters what the user asked for (plate, limit, tile file), recorded with the run
     * @throws InvalidRunRequestException when the name is invalid or taken, or no tiles are given; nothing is written
     */
    public SubmittedRun submit(String runName, RunMode mode, ScienceProfile profile, List<PlanTile> tiles,
                               Map<String, Object> parameters) throws InvalidRunRequestException, SQLException {
        java.util.Objects.requireNonNull(profile, "profile");
        queue(runName, mode.label(), mode.steps(), profile, tiles, parameters);
        return new SubmittedRun(runName, mode, profile, tiles.size());
    }

    /**
     * Submits {@code tiles} as run {@code runName} through a step graph of no run mode, recorded as mode
     * {@value #CUSTOM_GRAPH} with the default profile: a benchmark that puts tiles through one step only.
     *
     * @throws InvalidRunRequestException when the name is invalid or taken, or no tiles or no steps are given
     */
    public void submitGraph(String runName, List<Step> graph, List<PlanTile> tiles, Map<String, Object> parameters)
            throws InvalidRunRequestException, SQLException {
        if (graph.isEmpty()) {
            throw new InvalidRunRequestException("Run " + runName + " would have no steps");
        }
        queue(runName, CUSTOM_GRAPH, graph, ScienceProfile.DEFAULT, tiles, parameters);
    }

    private void queue(String runName, String modeLabel, List<Step> graph, ScienceProfile profile, List<PlanTile> tiles,
                       Map<String, Object> parameters) throws InvalidRunRequestException, SQLException {
        try {
            RunId.validate(runName);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunRequestException(e.getMessage());
        }
        if (tiles.isEmpty()) {
            throw new InvalidRunRequestException("Run " + runName + " would have no tiles");
        }
        if (exists(runName)) {
            throw new InvalidRunRequestException("Run " + runName + " already exists: choose another --run name,"
                    + " or use 'vasco retry --run " + runName + "' to re-queue its failed tiles");
        }
        try {
            db.inTransaction(c -> {
                insertRun(c, runName, modeLabel, graph, profile, parameters);
                insertTilesAndTasks(c, runName, graph.get(0), LongestTilesFirst.order(c, tiles));
                return null;
            });
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new InvalidRunRequestException("Run " + runName + " was created by someone else meanwhile: choose another --run name");
            }
            throw e;
        }
    }

    private boolean exists(String runName) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM run WHERE run_id = ?")) {
            ps.setString(1, runName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insertRun(Connection c, String runName, String modeLabel, List<Step> graph, ScienceProfile profile,
                                  Map<String, Object> parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run (run_id, mode, steps, parameters, profile) VALUES (?, ?, ?, ?::jsonb, ?)")) {
            ps.setString(1, runName);
            ps.setString(2, modeLabel);
            ps.setArray(3, c.createArrayOf("text", graph.stream().map(s -> s.label()).toArray()));
            ps.setString(4, json(parameters));
            ps.setString(5, profile.label());
            ps.executeUpdate();
        }
    }

    private static void insertTilesAndTasks(Connection c, String runName, Step first, List<PlanTile> tiles) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_tile (run_id, tile_id, step, state, trace_id) VALUES (?, ?, ?, 'QUEUED', ?)")) {
            List<TileTask> tasks = new ArrayList<>();
            for (PlanTile t : tiles) {
                String traceId = UUID.randomUUID().toString();
                ps.setString(1, runName);
                ps.setString(2, t.tileId().value());
                ps.setString(3, first.label());
                ps.setString(4, traceId);
                ps.addBatch();
                tasks.add(new TileTask(TileTask.SCHEMA, runName, t.tileId(), t.plateId(), t.raDeg(), t.decDeg(), first, 1, traceId));
                if (tasks.size() == BATCH) {
                    ps.executeBatch();
                    Outbox.enqueueTasks(c, tasks);
                    tasks.clear();
                }
            }
            ps.executeBatch();
            Outbox.enqueueTasks(c, tasks);
        }
    }

    private static String json(Map<String, Object> parameters) {
        try {
            return JSON.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Run parameters are not serialisable: " + parameters, e);
        }
    }
}
