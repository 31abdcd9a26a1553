package org.vasco.common.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.vasco.testkit.services.SharedServices;

/**
 * The share groups' assignments as a publisher reads them, against the real broker: the first read waits for the
 * broker, later ones never do. A snapshot gone stale is read again in the background while the caller goes on with the
 * one it has, and the new members show once that read is back.
 */
class ShareGroupAssignmentsTest {

    private static final SharedServices SERVICES = SharedServices.get();

    @Test
    void aStaleSnapshotIsReadAgainInTheBackgroundWithoutHoldingUpThePublisher() throws Exception {
        String topic = "vasco.test.assignments-" + UUID.randomUUID();
        String group = "fw-assignments-" + UUID.randomUUID();
        try (Admin admin = Admin.create(new HashMap<>(SERVICES.kafka().clientProperties()))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // Refreshed whenever asked: every snapshot is stale as soon as it is read.
            ShareGroupAssignments assignments = new ShareGroupAssignments(() -> admin, Duration.ZERO);
            try (ShareGroupSettlement settlement = new ShareGroupSettlement(SERVICES.kafka(), group);
                 Member first = new Member(topic, group, "member-1")) {
                awaitSettled(settlement, 1);
                assertThat(assignments.servers(topic)).as("the first read waits for the broker").hasSize(1);
                try (Member second = new Member(topic, group, "member-2")) {
                    awaitSettled(settlement, 2);

                    assertThat(assignments.servers(topic)).as("the stale snapshot, while it is read again").hasSize(1);
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                            .until(() -> assignments.servers(topic).size() == 2);
                }
            }
        }
    }

    private static void awaitSettled(ShareGroupSettlement settlement, int members) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> settlement.settledWith(members));
    }

    /** A share group member polling on a thread of its own until closed. */
    private static final class Member implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Member(String topic, String group, String clientId) {
            Map<String, Object> props = new HashMap<>(SERVICES.kafka().clientProperties());
            props.put("group.id", group);
            props.put("client.id", clientId);
            thread = new Thread(() -> {
                try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(props, new StringDeserializer(),
                        new StringDeserializer())) {
                    consumer.subscribe(List.of(topic));
                    while (!stop.get()) {
                        consumer.poll(Duration.ofMillis(100));
                    }
                }
            }, clientId);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(Duration.ofSeconds(20).toMillis());
        }
    }
}
