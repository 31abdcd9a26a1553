package org.vasco.common.stage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;

/**
 * Writes messages to the transactional outbox, inside the caller's transaction. The outbox
 * publisher sends them to Kafka after commit; a message is never sent for a change that rolled back.
 */
public final class Outbox {

    private Outbox() {
    }

    /** Enqueues a task on its step's topic, keyed by tile id, available now or after {@code delay}. */
    public static void enqueueTask(Connection c, TileTask task, Duration delay) throws SQLException {
        enqueue(c, task.stepEnum().topic(), task.tileId(), TaskCodec.encode(task), delay);
    }

    public static void enqueue(Connection c, String topic, String key, String payload, Duration delay) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (topic, msg_key, payload, available_at) VALUES (?, ?, ?, now() + ?::interval)")) {
            ps.setString(1, topic);
            ps.setString(2, key);
            ps.setString(3, payload);
            ps.setString(4, delay.toMillis() + " milliseconds");
            ps.executeUpdate();
        }
    }
}
