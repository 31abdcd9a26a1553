package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.vasco.common.stage.EveryMemberEveryPartition;
import org.vasco.common.stage.OutboxPublisher;
import org.vasco.testkit.services.SharedServices;

/**
 * With fewer members than partitions, an idle member still takes every waiting record: the broker runs
 * {@link EveryMemberEveryPartition}, so no record is bound at publication to the member that owns its partition. Two
 * members (each as a task slot is configured: explicit acknowledgement, one record per poll) over four partitions; the
 * one that gets the first record holds it as a long step would, and the other must take all four records published
 * after it. Under Kafka's
 * built-in assignor each member owns two partitions alone, the publisher hands two of the four to the busy member, and
 * the idle one gets two.
 */
class ShareGroupSharingTest {

    private static final SharedServices SERVICES = SharedServices.get();

    @Test
    void anIdleMemberTakesEveryWaitingRecordWhileTheOtherHoldsALongStep() throws Exception {
        assumeThat(SERVICES.embeddedBroker()).as("the embedded broker runs the project's share-group assignor").isPresent();
        String topic = "vasco.test.sharing-" + UUID.randomUUID();
        String group = "fw-sharing-" + UUID.randomUUID();
        try (Admin admin = Admin.create(new HashMap<>(SERVICES.kafka().clientProperties()))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(new AlterConfigOp(
                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            AtomicReference<Slot> holder = new AtomicReference<>();
            try (Slot first = new Slot(topic, group, "slot-1", holder); Slot second = new Slot(topic, group, "slot-2", holder)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                    ShareGroupDescription d = admin.describeShareGroups(List.of(group)).all().get().get(group);
                    return d.members().size() == 2 && d.members().stream().mapToInt(ShareMemberDescription::memberEpoch).distinct().count() == 1
                            && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())
                            && d.members().stream().flatMap(m -> m.assignment().topicPartitions().stream()).distinct().count() == 4;
                });
                String marker = UUID.randomUUID().toString();
                publish(topic, marker, 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> holder.get() != null);
                Slot busy = holder.get();
                Slot idle = busy == first ? second : first;

                publish(topic, marker, 4);

                await().atMost(Duration.ofSeconds(30)).until(() -> idle.received.size() == 4);
                assertThat(busy.received).as("the busy slot still holds only its first record").hasSize(1);
            }
        }
    }

    private static void publish(String topic, String marker, int rows) throws Exception {
        SERVICES.database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (topic, msg_key, payload) VALUES (?, ?, '{}')")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, topic);
                    ps.setString(2, marker + "-" + UUID.randomUUID());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        try (OutboxPublisher publisher = new OutboxPublisher(SERVICES.database(), SERVICES.kafka(), Duration.ofMillis(100), 200,
                Duration.ofSeconds(4), new SimpleMeterRegistry()).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> SERVICES.database().inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM outbox WHERE topic = ? AND published_at IS NULL")) {
                    ps.setString(1, topic);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1) == 0;
                    }
                }
            }));
        }
    }

    /**
     * A share consumer configured as a stage loop's slot. The first slot to receive a record becomes the holder: it keeps
     * the record unacknowledged and polls no more, as a slot running a long step does; the other accepts each record at
     * once.
     */
    private static final class Slot implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final CountDownLatch closed = new CountDownLatch(1);
        private final Thread thread;

        Slot(String topic, String group, String clientId, AtomicReference<Slot> holder) {
            Map<String, Object> props = new HashMap<>(SERVICES.kafka().clientProperties());
            props.put("group.id", group);
            props.put("client.id", clientId);
            props.put("share.acknowledgement.mode", "explicit");
            props.put("share.acquire.mode", "record_limit");
            props.put("max.poll.records", "1");
            thread = new Thread(() -> {
                try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(props, new StringDeserializer(),
                        new StringDeserializer())) {
                    consumer.subscribe(List.of(topic));
                    while (!stop.get() && holder.get() != this) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                            received.add(r.key());
                            if (!holder.compareAndSet(null, this)) {
                                consumer.acknowledge(r, AcknowledgeType.ACCEPT);
                                consumer.commitSync();
                            }
                        }
                    }
                    closed.await(); // the long step: the record stays acquired and unacknowledged
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, clientId);
            thread.start();
        }

        @Override
        public void close() {
            stop.set(true);
            closed.countDown();
            try {
                thread.join(Duration.ofSeconds(20).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
