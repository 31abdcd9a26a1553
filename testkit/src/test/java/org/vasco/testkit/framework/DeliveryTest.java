package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;
import org.vasco.testkit.services.SharedServices;

/** Duplicate and malformed deliveries through a real broker and database. */
class DeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FrameworkFixture fixture = new FrameworkFixture();

    @Test
    void taskDeliveredTwiceHasItsStageEffectOnceAndQueuesTheNextStepOnce() throws Exception {
        String run = FrameworkFixture.newRunId("dup");
        ScriptedStage stage = ScriptedStage.completing(Step.DOWNLOAD);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), stage, List.of(), registry)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            TileTask task = fixture.seedRun(run, List.of(Step.DOWNLOAD, Step.EXTRACT), 1, true).get(0);
            fixture.enqueue(task); // the same task a second time, before the first is handled

            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.DOWNLOAD)));
            fixture.enqueue(task); // and a third time, after the step is DONE
            await().atMost(Duration.ofSeconds(30)).until(() -> count(registry, "duplicate") >= 2);

            FrameworkFixture.StepRow row = fixture.row(run, task.tileId(), Step.DOWNLOAD);
            assertThat(row.attempt()).isEqualTo(1);
            assertThat(row.leaseOwner()).isNull();
            assertThat(JSON.readTree(row.metrics()).get("sources").asInt()).isEqualTo(42);
            assertThat(stage.invocations(run)).isEqualTo(1);
            assertThat(fixture.effectCount(run)).isEqualTo(1);
            assertThat(fixture.state(run, task.tileId(), Step.EXTRACT)).isEqualTo("QUEUED");
            List<FrameworkFixture.OutboxRow> next = fixture.outbox(Step.EXTRACT.topic(), run);
            assertThat(next).hasSize(1);
            TileTask nextTask = TaskCodec.decode(next.get(0).payload().getBytes(StandardCharsets.UTF_8));
            assertThat(nextTask.step()).isEqualTo(Step.EXTRACT);
            assertThat(nextTask.tileId()).isEqualTo(task.tileId());
            assertThat(nextTask.traceId()).isEqualTo(task.traceId());
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.outbox(Step.EXTRACT.topic(), run).get(0).published());

            assertThat(registry.scrape()).contains("vasco_step_completed_total{outcome=\"done\",step=\"download\"} 1.0");
        }
    }

    @Test
    void theStageSeesItsRunsStepGraphSoItCanTellWhatFollowsIt() throws Exception {
        String run = FrameworkFixture.newRunId("graph");
        java.util.concurrent.atomic.AtomicReference<List<Step>> seen = new java.util.concurrent.atomic.AtomicReference<>();
        ScriptedStage stage = new ScriptedStage(Step.EXTRACT, (context, n) -> {
            seen.set(context.graph());
            return ScriptedStage.countedDone(context);
        });
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), stage, List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            List<Step> graph = List.of(Step.EXTRACT, Step.XMATCH, Step.MEASURE, Step.VETO);
            TileTask task = fixture.seedRun(run, graph, 1, true).get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.EXTRACT)));
            assertThat(seen.get()).containsExactlyElementsOf(graph);
            assertThat(fixture.state(run, task.tileId(), Step.XMATCH)).isEqualTo("QUEUED");
        }
    }

    @Test
    void malformedAndUnknownSchemaMessagesAreDeadLetteredOnceAndTheLoopKeepsServing() throws Exception {
        String run = FrameworkFixture.newRunId("bad");
        ScriptedStage stage = ScriptedStage.completing(Step.DOWNLOAD);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), stage, List.of(), registry)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            TileTask task = fixture.seedRun(run, List.of(Step.DOWNLOAD), 2, false).get(0);
            Map<String, Object> futureSchema = new HashMap<>(JSON.convertValue(task, Map.class));
            futureSchema.put("schema", 2);
            TileTask otherStep = task.forStep(Step.XMATCH, 1);
            produce(Step.DOWNLOAD.topic(), task.tileId(), "{not json at all " + run);
            produce(Step.DOWNLOAD.topic(), task.tileId(), JSON.writeValueAsString(futureSchema));
            produce(Step.DOWNLOAD.topic(), task.tileId(), TaskCodec.encode(otherStep));
            fixture.enqueue(task); // a valid task behind them, on the same partition

            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.DOWNLOAD)));
            assertThat(count(registry, "malformed")).isEqualTo(3.0);
            assertThat(stage.invocations(run)).isEqualTo(1);

            List<FrameworkFixture.OutboxRow> letters = fixture.outbox(Step.DLQ_TOPIC, run);
            assertThat(letters).hasSize(3);
            for (FrameworkFixture.OutboxRow letter : letters) {
                JsonNode body = JSON.readTree(letter.payload());
                assertThat(body.get("reason").asText()).isEqualTo("MALFORMED");
                assertThat(body.get("step").asText()).isEqualTo("download");
                assertThat(body.get("raw_payload").asText()).contains(run);
            }
            assertThat(JSON.readTree(letters.get(1).payload()).get("error_message").asText())
                    .contains("Unsupported task schema 2");
            assertThat(JSON.readTree(letters.get(2).payload()).get("error_message").asText())
                    .contains("step 'xmatch'");

            // The dead letters really reach the DLQ topic, keyed by tile id.
            List<ConsumerRecord<String, String>> seen = readAll(Step.DLQ_TOPIC, run, 3);
            assertThat(seen).hasSize(3).allSatisfy(r -> assertThat(r.key()).isEqualTo(task.tileId()));
            // The bad messages were settled once: the row of the second tile was never touched by them.
            assertThat(fixture.state(run, FrameworkFixture.tileId(1).toString(), Step.DOWNLOAD)).isEqualTo("QUEUED");
        }
    }

    static double count(MeterRegistry registry, String outcome) {
        var counter = registry.find(MetricNames.STEP_COMPLETED).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void produce(String topic, String key, String body) throws Exception {
        Properties p = new Properties();
        p.putAll(SharedServices.get().kafka().clientProperties());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, body)).get();
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, String marker, int expected) {
        Properties p = new Properties();
        p.putAll(SharedServices.get().kafka().clientProperties());
        p.put("group.id", "fw-dlq-reader-" + marker);
        p.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value().contains(marker)) {
                        found.add(r);
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }
}
