package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.vasco.common.stage.OutboxPublisher;
import org.vasco.testkit.services.SharedServices;

/**
 * The outbox publisher gives every member of a topic's share group the same share of its records, whatever partitions
 * the broker assigned them: three members over four partitions (one of them owns two) each receive two of six
 * records. Spread over the partitions alone, two of the partitions get two records and the others one, so the member
 * owning two partitions receives two only when its own are the ones that got one.
 */
class ShareGroupBalanceTest {

    private static final SharedServices SERVICES = SharedServices.get();

    @Test
    void eachMemberOfTheShareGroupReceivesTheSameShareOfTheRecords() throws Exception {
        String topic = "vasco.test.balance-" + UUID.randomUUID();
        String group = "fw-balance-" + UUID.randomUUID();
        List<Member> members = new ArrayList<>();
        try (Admin admin = Admin.create(new HashMap<>(SERVICES.kafka().clientProperties()))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(new AlterConfigOp(
                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                members.add(new Member(topic, group, "member-" + i));
            }
            // Every member has its partitions, and together they hold all four.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                ShareGroupDescription d = admin.describeShareGroups(List.of(group)).all().get().get(group);
                return d.members().size() == 3 && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())
                        && d.members().stream().mapToInt(ShareMemberDescription::memberEpoch).distinct().count() == 1
                        && d.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum() == 4;
            });

            String marker = UUID.randomUUID().toString();
            SERVICES.database().inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (topic, msg_key, payload) VALUES (?, ?, '{}')")) {
                    for (int i = 0; i < 6; i++) {
                        ps.setString(1, topic);
                        ps.setString(2, marker + "-" + i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
            try (OutboxPublisher publisher = new OutboxPublisher(SERVICES.database(), SERVICES.kafka(), Duration.ofMillis(100), 200,
                    Duration.ofSeconds(4), new SimpleMeterRegistry()).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> members.stream().mapToInt(m -> m.received.size()).sum() == 6);
            }
            assertThat(members).as("records received by each member").allSatisfy(m -> assertThat(m.received).hasSize(2));
        } finally {
            members.forEach(Member::close);
        }
    }

    /** A share consumer polling on a thread of its own, keeping the keys it received. */
    private static final class Member {
        final List<String> received = new CopyOnWriteArrayList<>();
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
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                            received.add(r.key());
                        }
                    }
                }
            }, clientId);
            thread.start();
        }

        void close() {
            stop.set(true);
            try {
                thread.join(Duration.ofSeconds(20).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
