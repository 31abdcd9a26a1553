package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.db.Database;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.stage.OutboxPublisher;
import org.vasco.testkit.services.SharedServices;
import org.vasco.testkit.services.TopicRecords;

/**
 * Each outbox row's send is settled on its own, against the real broker: a row the broker can never take (larger than
 * the producer's 1 MiB {@code max.request.size}, a topic that does not exist with auto-creation off) is marked failed
 * and counted while the rest of its round is published once; a row refused for a passing reason (the broker refuses
 * its timestamp) is sent again later without the rows that went through; closing the publisher sends what is due. Before per-row outcomes, one such row rolled back every round and re-sent the others each time.
 */
class OutboxOutcomesTest {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(4);

    private static final SharedServices SERVICES = SharedServices.get();
    private static Admin admin;

    @BeforeAll
    static void admin() {
        admin = Admin.create(new HashMap<>(SERVICES.kafka().clientProperties()));
    }

    @AfterAll
    static void closeAdmin() {
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void rowsTheBrokerCanNeverTakeAreMarkedFailedAndCountedAndTheirRoundIsPublishedOnce() throws Exception {
        String topic = newTopic(Map.of());
        String missing = "vasco.test.missing-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        long good = insert(topic, "good-" + marker, "{\"ok\":true}");
        long tooLarge = insert(topic, "large-" + marker, "x".repeat(2 * 1024 * 1024));
        long nowhere = insert(missing, "nowhere-" + marker, "{}");
        long alsoGood = insert(topic, "also-good-" + marker, "{\"ok\":true}");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (OutboxPublisher publisher = publisher(Duration.ofMillis(100), registry).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> settled(good) && settled(tooLarge) && settled(nowhere)
                    && settled(alsoGood));
        }

        assertThat(state(good)).isEqualTo("published");
        assertThat(state(alsoGood)).isEqualTo("published");
        assertThat(state(tooLarge)).startsWith("failed RECORD_TOO_LARGE: RecordTooLargeException");
        assertThat(state(nowhere)).startsWith("failed TOPIC_MISSING: TimeoutException").contains("the broker has no such topic");
        assertThat(TopicRecords.keys(SERVICES.kafka(), topic)).containsExactlyInAnyOrder("good-" + marker, "also-good-" + marker);
        assertThat(registry.get(MetricNames.OUTBOX_FAILED).tag("reason", "record_too_large").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(MetricNames.OUTBOX_FAILED).tag("reason", "topic_missing").counter().count()).isEqualTo(1.0);
        assertThat(registry.get(MetricNames.OUTBOX_FAILED).tag("reason", "not_authorised").counter().count()).isZero();
    }

    @Test
    void aRowRefusedForAPassingReasonIsSentAgainLaterWithoutTheRowsThatWentThrough() throws Exception {
        String topic = newTopic(Map.of());
        // The broker refuses every record stamped before its own clock (InvalidTimestampException, a skewed producer clock
        // to the publisher: it may pass) until the topic's setting changes.
        String starved = newTopic(Map.of("message.timestamp.before.max.ms", "0"));
        String marker = UUID.randomUUID().toString();
        long through = insert(topic, "through-" + marker, "{}");
        long refused = insert(starved, "refused-" + marker, "{}");

        try (OutboxPublisher publisher = publisher(Duration.ofMillis(100), new SimpleMeterRegistry()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> settled(through) && attempts(refused) >= 1);
            assertThat(state(refused)).isEqualTo("pending");
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, starved), List.of(
                    new AlterConfigOp(new ConfigEntry("message.timestamp.before.max.ms", "3600000"), AlterConfigOp.OpType.SET))))
                    .all().get();
            await().atMost(Duration.ofSeconds(60)).until(() -> settled(refused));
        }

        assertThat(state(refused)).isEqualTo("published");
        assertThat(TopicRecords.keys(SERVICES.kafka(), starved)).containsExactly("refused-" + marker);
        assertThat(TopicRecords.keys(SERVICES.kafka(), topic)).as("the row that went through the first time is not sent again").containsExactly("through-" + marker);
    }

    @Test
    void closingThePublisherSendsTheRowsThatAreDue() throws Exception {
        String topic = newTopic(Map.of());
        String marker = UUID.randomUUID().toString();
        OutboxPublisher publisher = publisher(Duration.ofHours(1), new SimpleMeterRegistry()).start();
        try {
            // Its first round is over once a row written before it started is out; then it idles for an hour.
            long before = insert(topic, "before-" + marker, "{}");
            publisher.wake();
            await().atMost(Duration.ofSeconds(30)).until(() -> settled(before));
            long last = insert(topic, "last-" + marker, "{}");
            publisher.close();
            assertThat(state(last)).isEqualTo("published");
        } finally {
            publisher.close();
        }
        assertThat(TopicRecords.keys(SERVICES.kafka(), topic)).containsExactlyInAnyOrder("before-" + marker, "last-" + marker);
    }

    /**
     * Rows of one key are spread over the topic's partitions in turn, not hashed into one: a share group serves each
     * partition with its own members, so the step finishes when its fullest partition does.
     */
    @Test
    void rowsAreSpreadOverTheTopicsPartitionsInTurnWhateverTheirKeys() throws Exception {
        String topic = "vasco.test.outbox-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        List<Long> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(insert(topic, "same-tile", "{\"n\":" + i + "}"));
        }

        try (OutboxPublisher publisher = publisher(Duration.ofMillis(100), new SimpleMeterRegistry()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (long row : rows) {
                    if (!state(row).equals("published")) {
                        return false;
                    }
                }
                return true;
            });
        }

        Map<TopicPartition, OffsetSpec> partitions = IntStream.range(0, 4).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        assertThat(admin.listOffsets(partitions).all().get().values()).as("records per partition")
                .extracting(ListOffsetsResultInfo::offset).containsOnly(3L);
    }

    private static OutboxPublisher publisher(Duration idlePoll, SimpleMeterRegistry registry) {
        return new OutboxPublisher(SERVICES.database(), SERVICES.kafka(), idlePoll, 200, SEND_TIMEOUT, registry);
    }

    private static String newTopic(Map<String, String> configs) throws Exception {
        String name = "vasco.test.outbox-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(configs))).all().get();
        return name;
    }

    private static long insert(String topic, String key, String payload) throws SQLException {
        return database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (topic, msg_key, payload) VALUES (?, ?, ?)"
                    + " RETURNING id")) {
                ps.setString(1, topic);
                ps.setString(2, key);
                ps.setString(3, payload);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** "published", "failed " + the recorded failure, or "pending". */
    private static String state(long id) throws SQLException {
        return database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT published_at IS NOT NULL, failed_at IS NOT NULL, failure"
                    + " FROM outbox WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1) ? "published" : rs.getBoolean(2) ? "failed " + rs.getString(3) : "pending";
                }
            }
        });
    }

    private static boolean settled(long id) throws SQLException {
        return !state(id).equals("pending");
    }

    private static int attempts(long id) throws SQLException {
        return database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM outbox WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    private static Database database() {
        return SERVICES.database();
    }
}
