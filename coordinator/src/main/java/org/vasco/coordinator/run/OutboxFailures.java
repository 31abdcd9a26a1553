package org.vasco.coordinator.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox rows the broker refused for good ({@code outbox.failed_at}, set by the outbox publisher): a message too
 * large for the producer, a topic that does not exist or that the cluster may not write. They concern the whole
 * cluster, not one run, so {@code vasco status} shows them with every run. Kept until {@code VASCO_OUTBOX_RETENTION}.
 *
 * @param count  how many there are
 * @param latest the most recent ones, newest first, at most {@link #SHOWN}
 */
public record OutboxFailures(long count, List<FailedMessage> latest) {

    /** How many of the latest failed rows are listed. */
    public static final int SHOWN = 5;

    public OutboxFailures {
        latest = List.copyOf(latest);
    }

    /**
     * One failed outbox row.
     *
     * @param id      its {@code outbox.id}
     * @param topic   where it was to go
     * @param key     its message key
     * @param failure why it can never be sent ({@code REASON: error})
     */
    public record FailedMessage(long id, Instant failedAt, String topic, String key, String failure) {
    }

    /** Reads them through {@code c}. */
    static OutboxFailures read(Connection c) throws SQLException {
        long count;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            count = rs.getLong(1);
        }
        List<FailedMessage> latest = new ArrayList<>();
        if (count > 0) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, failed_at, topic, msg_key, failure FROM outbox"
                    + " WHERE failed_at IS NOT NULL ORDER BY failed_at DESC, id DESC LIMIT " + SHOWN);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    latest.add(new FailedMessage(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
        }
        return new OutboxFailures(count, latest);
    }
}
