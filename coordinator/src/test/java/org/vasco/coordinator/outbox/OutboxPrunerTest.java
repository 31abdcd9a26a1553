package org.vasco.coordinator.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vasco.common.db.Database;
import org.vasco.common.metrics.MetricNames;
import org.vasco.testkit.services.SharedServices;

/** Outbox rows done with are deleted after the retention; nothing still to be sent ever is. */
class OutboxPrunerTest {

    private final Database database = SharedServices.get().database();

    @Test
    void rowsPublishedOrFailedLongerAgoThanTheRetentionAreDeletedAndRowsStillToSendAreKept() throws Exception {
        String marker = "prune-" + UUID.randomUUID();
        insert(marker + "-old-published", "published_at", "8 days");
        insert(marker + "-new-published", "published_at", "6 days");
        insert(marker + "-old-failed", "failed_at", "8 days");
        insert(marker + "-old-pending", null, "8 days");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        int deleted = new OutboxPruner(database, Duration.ofDays(7), registry).pruneOnce();

        assertThat(keys(marker)).containsExactlyInAnyOrder(marker + "-new-published", marker + "-old-pending");
        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(registry.get(MetricNames.OUTBOX_PRUNED).counter().count()).isEqualTo(deleted);
    }

    /** A row created {@code age} ago, stamped then in {@code column} (published_at, failed_at, or none: still to send). */
    private void insert(String key, String column, String age) throws Exception {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (topic, msg_key, payload, created_at, available_at,"
                    + " published_at, failed_at, failure) VALUES ('vasco.tile.dlq', ?, '{}', now() - ?::interval, now() - ?::interval,"
                    + " CASE WHEN ? = 'published_at' THEN now() - ?::interval END, CASE WHEN ? = 'failed_at' THEN now() - ?::interval END,"
                    + " CASE WHEN ? = 'failed_at' THEN 'RECORD_TOO_LARGE: test' END)")) {
                ps.setString(1, key);
                ps.setString(2, age);
                ps.setString(3, age);
                ps.setString(4, column);
                ps.setString(5, age);
                ps.setString(6, column);
                ps.setString(7, age);
                ps.setString(8, column);
                return ps.executeUpdate();
            }
        });
    }

    private List<String> keys(String marker) throws Exception {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT msg_key FROM outbox WHERE msg_key LIKE ? || '%'")) {
                ps.setString(1, marker);
                List<String> keys = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                return keys;
            }
        });
    }
}
