package org.vasco.local.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;
import org.vasco.coordinator.run.RunMode;
import org.vasco.local.cluster.StageRegistry;

/**
 * Issue #9, item 1: the same task delivered twice, late and out of order, and every step topic replayed from
 * offset 0 after the run, change nothing. Kafka is only a doorbell (StageLoop): a task whose step is not claimable
 * — done, running under a live lease, not queued yet, or announcing another attempt — is a DUPLICATE and costs
 * neither an attempt nor a write.
 */
@Tag("fault")
class DeliveryFaultTest {

    /** The steps of the suite's runs (RunMode.DEFAULT, the fast path: measure included), each served by a worker type. */
    private static final List<Step> STEPS = RunMode.DEFAULT.steps();

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryFaultTest.class);

    @Test
    void duplicateLateOutOfOrderAndReplayedTasksChangeNothing() throws Exception {
        RunSnapshot baseline = FaultRun.baseline(FaultSky.SUITE);
        try (FaultRun run = FaultRun.start("delivery", FaultSky.SUITE);
             KafkaProducer<String, String> producer = producer(run)) {
            String runId = run.submit();
            StepRows rows = new StepRows(run.database(), runId);

            // Twice, at once: every download task again, twice, as an outbox that published and crashed before
            // marking its rows would send them.
            List<TileTask> queued = tasks(run, runId);
            assertThat(queued).as("download tasks of the submitted run").hasSize(FaultSky.SUITE.tiles());
            int early = publish(producer, queued) + publish(producer, queued);

            // Late and out of order, mid-run: every task sent so far again in reverse order, each also announcing
            // the next attempt, and each tile's veto task before the tile has got there.
            run.awaitDone(Step.EXTRACT, 4, FaultRun.FINAL_WITHIN);
            List<TileTask> sent = tasks(run, runId);
            List<TileTask> late = new ArrayList<>();
            for (TileTask t : sent) {
                late.add(t);
                late.add(t.forStep(t.step(), t.attempt() + 1));
                late.add(t.forStep(Step.VETO, 1));
            }
            Collections.reverse(late);
            int lateCount = publish(producer, late);

            RunSnapshot result = run.awaitFinal(FaultRun.FINAL_WITHIN);
            RunInvariants.assertHold(result, baseline);
            assertThat(result.attempts()).as("tile steps that took more than one attempt: duplicates must cost none").isEmpty();
            LOG.info("FAULT-TABLE duplicates: {} duplicate download tasks at submission and {} late/out-of-order/next-attempt"
                    + " tasks mid-run: run final after {} s, no step retried, candidate table equal", early, lateCount,
                    result.took().toSeconds());

            // A replay of every step topic from offset 0: a new share group per step, reading from the earliest offset.
            List<String> before = rows.fingerprint();
            long outboxBefore = outboxTasks(run);
            String group = "fault-replay-" + UUID.randomUUID().toString().substring(0, 8);
            long started = System.nanoTime();
            Map<Step, Long> replayed = replay(run, group);
            long replayMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            RunSnapshot after = run.awaitFinal(FaultRun.FINAL_WITHIN);
            assertThat(rows.fingerprint()).as("every run_tile row (state, attempt, lease, timestamps) after the replay")
                    .isEqualTo(before);
            assertThat(outboxTasks(run)).as("tasks queued in the outbox after the replay").isEqualTo(outboxBefore);
            assertThat(after.candidates()).as("candidate table after the replay").isEqualTo(result.candidates());
            assertThat(after.verdicts()).as("verdicts after the replay").isEqualTo(result.verdicts());
            assertThat(after.ledger()).as("stage ledger after the replay").isEqualTo(result.ledger());
            assertThat(after.summaries()).as("tile summaries after the replay").isEqualTo(result.summaries());
            assertThat(after.funnel()).as("funnel after the replay").isEqualTo(result.funnel());
            assertThat(after.artefacts().finalArtefacts()).as("artefacts after the replay")
                    .isEqualTo(result.artefacts().finalArtefacts());
            assertThat(after.artefacts().problems()).as("artefact problems after the replay").isEmpty();
            assertThat(after.deadLetters()).as("dead letters of this run after the replay")
                    .noneMatch(letter -> letter.contains(runId));
            LOG.info("FAULT-TABLE replay: every step topic re-read from offset 0 by group {} ({} records: {}) in {} ms:"
                    + " no run_tile row, candidate, verdict or artefact changed", group,
                    replayed.values().stream().mapToLong(Long::longValue).sum(), replayed, replayMs);
        }
    }

    /** Starts one worker per step in a new share group reading from offset 0, waits until each has settled its topic to the end. */
    private static Map<Step, Long> replay(FaultRun run, String group) throws Exception {
        List<WorkerService> replaying = new ArrayList<>();
        Map<Step, Long> records = new HashMap<>();
        try (Admin admin = Admin.create(new HashMap<>(KafkaConnection.from(run.environment()).clientProperties()))) {
            for (Step step : STEPS) {
                replaying.add(StageRegistry.bundled().launcherFor(step).start(run.environment()
                        .with(FrameworkSettings.CONSUMER_GROUP.name(), group + "-" + step.label())
                        .with(FrameworkSettings.CONSUMER_OFFSET_RESET.name(), "earliest"), null));
            }
            for (Step step : STEPS) {
                Map<TopicPartition, Long> end = endOffsets(admin, step.topic());
                records.put(step, end.values().stream().mapToLong(Long::longValue).sum());
                await("group " + group + " read " + step.topic() + " to the end").atMost(FaultRun.FINAL_WITHIN)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> settled(admin, group + "-" + step.label(), end.keySet()), c -> reached(c, end));
            }
        } finally {
            for (WorkerService w : replaying) {
                w.close();
            }
        }
        return records;
    }

    /**
     * Whether the group has settled every record up to the end: its start offset is at the end, or the broker counts no
     * record after it still to deliver (lag 0). The start offset alone can rest on the last record after it was
     * acknowledged (the broker moves it on at the next acquisition), so a drained partition may report end − 1 and lag 0.
     */
    private static boolean reached(Map<TopicPartition, SharePartitionOffsetInfo> settled, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> {
            SharePartitionOffsetInfo info = settled.get(e.getKey());
            return e.getValue() == 0 || info != null
                    && (info.startOffset() >= e.getValue() || info.lag().map(lag -> lag == 0).orElse(false));
        });
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws ExecutionException, InterruptedException {
        Set<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** How far the share group has settled each partition of the topic (start offset and lag, as the broker reports them). */
    private static Map<TopicPartition, SharePartitionOffsetInfo> settled(Admin admin, String group, Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(Map.of(group,
                new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group).get();
        Map<TopicPartition, SharePartitionOffsetInfo> result = new HashMap<>();
        offsets.forEach((p, o) -> {
            if (o != null && partitions.contains(p)) {
                result.put(p, o);
            }
        });
        return result;
    }

    /** The run's tasks the outbox holds so far (published or not), oldest first. */
    private static List<TileTask> tasks(FaultRun run, String runId) throws SQLException {
        List<TileTask> tasks = new ArrayList<>();
        try (Connection c = run.database().connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT payload FROM outbox WHERE topic LIKE 'vasco.tile.%' AND topic <> ? ORDER BY id")) {
            ps.setString(1, Step.DLQ_TOPIC);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TileTask t = TaskCodec.decode(rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    if (t.runId().equals(runId)) {
                        tasks.add(t);
                    }
                }
            }
        }
        return tasks;
    }

    private static long outboxTasks(FaultRun run) throws SQLException {
        try (Connection c = run.database().connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM outbox WHERE topic <> ?")) {
            ps.setString(1, Step.DLQ_TOPIC);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int publish(KafkaProducer<String, String> producer, List<TileTask> tasks) throws Exception {
        for (TileTask t : tasks) {
            producer.send(new ProducerRecord<>(t.step().topic(), t.tileId(), TaskCodec.encode(t))).get();
        }
        return tasks.size();
    }

    private static KafkaProducer<String, String> producer(FaultRun run) {
        Map<String, Object> props = new HashMap<>(KafkaConnection.from(run.environment()).clientProperties());
        props.put("acks", "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
