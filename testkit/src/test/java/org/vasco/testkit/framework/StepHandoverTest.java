package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;
import org.vasco.testkit.services.SharedServices;

/**
 * A finished step hands its successor over at once: the worker wakes its outbox publisher after the completing
 * transaction, so the next step's task does not wait for the publisher's idle poll. The poll is set to an hour here:
 * without the wake-up the second step would not start within the test.
 */
class StepHandoverTest {

    private final FrameworkFixture fixture = new FrameworkFixture();

    @Test
    void theNextStepsTaskIsPublishedWhenTheStepCompletesNotAtTheNextIdlePoll() throws Exception {
        String run = FrameworkFixture.newRunId("handover");
        Environment env = fixture.environment(Map.of(FrameworkSettings.OUTBOX_POLL.name(), "1h"));
        try (WorkerService download = WorkerService.start(env, ScriptedStage.completing(Step.DOWNLOAD), List.of(), null);
             WorkerService extract = WorkerService.start(env, ScriptedStage.completing(Step.EXTRACT), List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> download.isConsuming() && extract.isConsuming());
            // The first task goes to Kafka directly: the publishers' start-up rounds are over and they idle for an hour.
            TileTask task = fixture.seedRun(run, List.of(Step.DOWNLOAD, Step.EXTRACT), 1, false).get(0);
            produce(task);

            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.EXTRACT)));
            assertThat(fixture.outbox(Step.EXTRACT.topic(), run)).singleElement()
                    .satisfies(row -> assertThat(row.published()).isTrue());
        }
    }

    private static void produce(TileTask task) throws Exception {
        Properties p = new Properties();
        p.putAll(SharedServices.get().kafka().clientProperties());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(task.step().topic(), task.tileId(), TaskCodec.encode(task))).get();
        }
    }
}
