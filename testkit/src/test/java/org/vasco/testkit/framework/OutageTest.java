package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;
import org.vasco.testkit.services.EmbeddedKafkaBroker;
import org.vasco.testkit.services.EmbeddedPostgresServer;
import org.vasco.testkit.services.SharedServices;

/** The loop and the outbox publisher ride out a broker outage and a database outage without losing the task. */
class OutageTest {

    private final FrameworkFixture fixture = new FrameworkFixture();

    @Test
    void taskWrittenWhileTheBrokerIsDownIsPublishedAndDoneWhenItReturns() throws Exception {
        EmbeddedKafkaBroker broker = SharedServices.get().embeddedBroker().orElse(null);
        Assumptions.assumeTrue(broker != null, "needs the embedded broker to stop and restart it");
        String run = FrameworkFixture.newRunId("kafka-down");
        ScriptedStage stage = ScriptedStage.completing(Step.MEASURE);
        // The share group's members rejoin after the outage: a group that starts from the beginning cannot skip a task
        // published meanwhile (only the reconciler would find it then).
        Map<String, String> fromStart = Map.of(FrameworkSettings.CONSUMER_OFFSET_RESET.name(), "earliest");
        try (WorkerService worker = WorkerService.start(fixture.environment(fromStart), stage, List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            broker.stop();
            TileTask task;
            try {
                task = fixture.seedRun(run, List.of(Step.MEASURE), 1, true).get(0);
                await().atMost(Duration.ofSeconds(10)).until(() -> !SharedServicesProbe.brokerUp(worker.httpPort()));
                assertThat(fixture.outbox(Step.MEASURE.topic(), run)).singleElement()
                        .satisfies(r -> assertThat(r.published()).isFalse());
            } finally {
                broker.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.MEASURE)));
            assertThat(stage.invocations(run)).isEqualTo(1);
            // The publisher may learn that its send went through only after the worker already consumed it.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fixture.outbox(Step.MEASURE.topic(), run))
                    .singleElement().satisfies(r -> assertThat(r.published()).isTrue()));
        }
    }

    @Test
    void taskDeliveredWhileTheDatabaseIsDownIsNotLostAndCompletesWhenItReturns() throws Exception {
        EmbeddedPostgresServer postgres = SharedServices.get().embeddedPostgres().orElse(null);
        Assumptions.assumeTrue(postgres != null, "needs the embedded database to stop and restart it");
        String run = FrameworkFixture.newRunId("db-down");
        ScriptedStage stage = ScriptedStage.completing(Step.MEASURE);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), stage, List.of(), registry)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            TileTask task = fixture.seedRun(run, List.of(Step.MEASURE), 1, false).get(0);
            postgres.stop();
            try {
                Properties p = new Properties();
                p.putAll(SharedServices.get().kafka().clientProperties());
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>(Step.MEASURE.topic(), task.tileId(), TaskCodec.encode(task))).get();
                }
                // The claim cannot be made: the slot keeps the record (renewing its lock) and tries again every 2 s.
                await().atMost(Duration.ofSeconds(40)).until(() -> DeliveryTest.count(registry, "released") >= 1);
            } finally {
                postgres.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.MEASURE)));
            assertThat(stage.invocations(run)).isEqualTo(1);
            assertThat(fixture.row(run, task.tileId(), Step.MEASURE).attempt()).isEqualTo(1);
        }
    }
}
