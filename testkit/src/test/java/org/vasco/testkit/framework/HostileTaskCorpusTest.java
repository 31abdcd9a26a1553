package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;
import org.vasco.common.text.UntrustedText;
import org.vasco.testkit.hostile.HostileCase;
import org.vasco.testkit.hostile.HostileTaskMessages;
import org.vasco.testkit.services.SharedServices;

/**
 * The task-message cases of the hostile-input corpus ({@link HostileTaskMessages}) on the real topic of a running
 * worker: each is dead-lettered once with its own reason, no stage ever runs for it, no run_tile row changes, and a
 * valid task produced after all of them is still served.
 */
class HostileTaskCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FrameworkFixture fixture = new FrameworkFixture();

    @Test
    void everyHostileMessageIsDeadLetteredForItsOwnReasonAndTheNextTaskIsServed() throws Exception {
        String run = FrameworkFixture.newRunId("hostile-task");
        ScriptedStage stage = ScriptedStage.completing(Step.DOWNLOAD);
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), stage, List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            List<TileTask> tasks = fixture.seedRun(run, List.of(Step.DOWNLOAD), 2, false);
            TileTask valid = tasks.get(0);
            TileTask untouched = tasks.get(1);
            List<HostileCase<Function<TileTask, String>>> cases = HostileTaskMessages.all();
            try (KafkaProducer<String, String> producer = producer()) {
                for (HostileCase<Function<TileTask, String>> c : cases) {
                    // Keyed by case, so each dead letter (which keeps the key) can be told apart.
                    producer.send(new ProducerRecord<>(Step.DOWNLOAD.topic(), key(run, c), c.build().apply(untouched))).get();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(run).size() >= cases.size());
            // Every bad message is settled: a good task now must still be served by the same loop.
            fixture.enqueue(valid);
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, valid.tileId(), Step.DOWNLOAD)));

            Map<String, List<JsonNode>> letters = deadLetters(run);
            SoftAssertions soft = new SoftAssertions();
            for (HostileCase<Function<TileTask, String>> c : cases) {
                List<JsonNode> mine = letters.getOrDefault(key(run, c), List.of());
                soft.assertThat(mine).as(c.name() + ": one dead letter").hasSize(1);
                for (JsonNode letter : mine) {
                    soft.assertThat(letter.path("reason").asText()).as(c.name()).isEqualTo(c.expected().reason());
                    soft.assertThat(letter.path("step").asText()).as(c.name()).isEqualTo("download");
                    soft.assertThat(letter.path("error_message").asText()).as(c.name() + ": message")
                            .contains(c.expected().phrase()).doesNotContainPattern("\\p{Cntrl}");
                    soft.assertThat(letter.path("raw_payload").asText()).as(c.name() + ": the message kept, made printable")
                            .isEqualTo(UntrustedText.printable(c.build().apply(untouched), UntrustedText.PAYLOAD_CAP))
                            .doesNotContainPattern("\\p{Cntrl}");
                }
            }
            soft.assertAll();
            assertThat(stage.invocations(run)).as("only the valid task reached the stage").isEqualTo(1);
            assertThat(fixture.state(run, untouched.tileId(), Step.DOWNLOAD)).isEqualTo("QUEUED");
            assertThat(fixture.row(run, untouched.tileId(), Step.DOWNLOAD).attempt()).isZero();
        }
    }

    /**
     * A record whose key holds a NUL byte and runs to kilobytes, with a body of 900 kB (control characters included), on
     * the same partition as a valid task after it. Kept verbatim, the key would make the dead letter unstorable (a NUL
     * in text, SQLState 22021; a key beyond the index's row size, 54000) and the body would make it unsendable (over
     * the broker's 1 MiB), wedging the partition behind it. Made printable and bounded, it is dead-lettered once and
     * published, and the task behind it is served.
     */
    @Test
    void aHostileKeyAndAnOversizedBodyAreDeadLetteredBoundedAndTheTaskBehindThemIsServed() throws Exception {
        String run = FrameworkFixture.newRunId("hostile-key");
        ScriptedStage stage = ScriptedStage.completing(Step.DOWNLOAD);
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), stage, List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            TileTask valid = fixture.seedRun(run, List.of(Step.DOWNLOAD), 1, false).get(0);
            String key = run + "/\u0000" + "k".repeat(5_000);
            String body = ("\u0000\u0007 " + run + " ").repeat(900_000 / (run.length() + 4)) ;
            try (KafkaProducer<String, String> producer = producer()) {
                producer.send(new ProducerRecord<>(Step.DOWNLOAD.topic(), 0, key, body)).get();
                producer.send(new ProducerRecord<>(Step.DOWNLOAD.topic(), 0, valid.tileId(), TaskCodec.encode(valid))).get();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, valid.tileId(), Step.DOWNLOAD)));
            Map<String, List<JsonNode>> letters = deadLetters(run);
            assertThat(letters).hasSize(1);
            String storedKey = letters.keySet().iterator().next();
            assertThat(storedKey).startsWith(run + "/\\u0000kkk").endsWith("(" + key.length() + " characters)")
                    .doesNotContainPattern("\\p{Cntrl}").hasSizeLessThan(120);
            JsonNode letter = letters.get(storedKey).get(0);
            assertThat(letter.path("reason").asText()).isEqualTo("MALFORMED");
            assertThat(letter.path("raw_payload").asText()).startsWith("\\u0000\\u0007 " + run)
                    .endsWith("(" + body.length() + " characters)").doesNotContainPattern("\\p{Cntrl}")
                    .hasSizeLessThan(UntrustedText.PAYLOAD_CAP * 6 + 40);
            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.outbox(Step.DLQ_TOPIC, run).stream()
                    .allMatch(FrameworkFixture.OutboxRow::published));
            assertThat(stage.invocations(run)).isEqualTo(1);
        }
    }

    private static String key(String run, HostileCase<?> c) {
        return run + "/" + c.name();
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.putAll(SharedServices.get().kafka().clientProperties());
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** The run's dead letters in the outbox, by message key. */
    private Map<String, List<JsonNode>> deadLetters(String run) throws Exception {
        List<String[]> rows = fixture.database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT msg_key, payload FROM outbox WHERE topic = ? AND msg_key LIKE ? ORDER BY id")) {
                ps.setString(1, Step.DLQ_TOPIC);
                ps.setString(2, run + "/%");
                List<String[]> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                return found;
            }
        });
        Map<String, List<JsonNode>> byKey = new java.util.HashMap<>();
        for (String[] row : rows) {
            byKey.computeIfAbsent(row[0], k -> new ArrayList<>()).add(JSON.readTree(row[1]));
        }
        return byKey;
    }
}
