package org.vasco.common.stage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;

/**
 * Writes messages to the transactional outbox, inside the caller's transaction. The outbox
 * publisher ({@link OutboxPublisher}) sends them to Kafka after commit; a message is never sent for a
 * change that rolled back.
 */
public final class Outbox {

    private static final String INSERT = "INSERT INTO outbox (topic, msg_key, payload, available_at, run_id, step)"
            + " VALUES (?, ?, ?, now() + ?::interval, ?, ?)";

    private Outbox() {
    }

    /**
     * Enqueues a task on its step's topic, keyed by tile id, available now or after {@code delay}.
     * The row remembers its run and step so that publishing it stamps {@code run_tile.published_at}.
     */
    public static void enqueueTask(Connection c, TileTask task, Duration delay) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bindTask(ps, task, delay);
            ps.executeUpdate();
        }
    }

    /**
     * Enqueues many tasks at once, available now, as {@link #enqueueTask} would one by one: one batch of statements, so
     * that a submission of thousands of tiles does not pay a round trip to the database per task.
     */
    public static void enqueueTasks(Connection c, List<TileTask> tasks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (TileTask task : tasks) {
                bindTask(ps, task, Duration.ZERO);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Enqueues any message (e.g. a dead letter) that does not announce a run_tile step. */
    public static void enqueue(Connection c, String topic, String key, String payload, Duration delay) throws SQLException {
        insert(c, topic, key, payload, delay, null, null);
    }

    private static void insert(Connection c, String topic, String key, String payload, Duration delay,
                               String runId, String step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, topic, key, payload, delay, runId, step);
            ps.executeUpdate();
        }
    }

    private static void bindTask(PreparedStatement ps, TileTask task, Duration delay) throws SQLException {
        bind(ps, task.step().topic(), task.tileId(), TaskCodec.encode(task), delay, task.runId(), task.step().label());
    }

    private static void bind(PreparedStatement ps, String topic, String key, String payload, Duration delay,
                             String runId, String step) throws SQLException {
        ps.setString(1, topic);
        ps.setString(2, key);
        ps.setString(3, payload);
        ps.setString(4, delay.toMillis() + " milliseconds");
        ps.setString(5, runId);
        ps.setString(6, step);
    }
}
