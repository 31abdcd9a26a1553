package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;

/** Retries with backoff, FAILED with the reason, dead letters. */
class FailureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FrameworkFixture fixture = new FrameworkFixture();

    @Test
    void transientFailuresAreRetriedThenFailedAndDeadLetteredWithTheReason() throws Exception {
        String run = FrameworkFixture.newRunId("retry");
        ScriptedStage stage = new ScriptedStage(Step.EXTRACT, (context, n) -> {
            throw new TransientStageException("PSF_FAILED", "psfex exited with status 1 on attempt " + context.attempt());
        });
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService worker = WorkerService.start(
                fixture.environment(Map.of(ClusterSettings.MAX_ATTEMPTS.name(), "3")), stage, List.of(), registry)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            TileTask task = fixture.seedRun(run, List.of(Step.EXTRACT, Step.XMATCH), 1, true).get(0);

            await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(fixture.state(run, task.tileId(), Step.EXTRACT)));
            FrameworkFixture.StepRow row = fixture.row(run, task.tileId(), Step.EXTRACT);
            assertThat(stage.invocations(run)).isEqualTo(3);
            assertThat(row.attempt()).isEqualTo(3);
            assertThat(row.reason()).isEqualTo("PSF_FAILED");
            assertThat(row.errorClass()).isEqualTo(TransientStageException.class.getName());
            assertThat(row.errorMessage()).isEqualTo("psfex exited with status 1 on attempt 3");
            assertThat(fixture.row(run, task.tileId(), Step.XMATCH)).isNull();
            // The two retries went back through Kafka as delayed outbox tasks, announcing attempts 2 and 3.
            assertThat(fixture.outbox(Step.EXTRACT.topic(), run)).extracting(r -> JSON.readTree(r.payload()).get("attempt").asInt())
                    .containsExactly(1, 2, 3);

            List<FrameworkFixture.OutboxRow> letters = fixture.outbox(Step.DLQ_TOPIC, run);
            assertThat(letters).hasSize(1);
            JsonNode letter = JSON.readTree(letters.get(0).payload());
            assertThat(letter.get("tile_id").asText()).isEqualTo(task.tileId());
            assertThat(letter.get("step").asText()).isEqualTo("extract");
            assertThat(letter.get("reason").asText()).isEqualTo("PSF_FAILED");
            assertThat(letter.get("error_class").asText()).isEqualTo(TransientStageException.class.getName());
            assertThat(letter.get("attempts").asInt()).isEqualTo(3);
            assertThat(letter.get("worker").asText()).isEqualTo(worker.owner());
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.outbox(Step.DLQ_TOPIC, run).get(0).published());
            assertThat(registry.get(MetricNames.DLQ_MESSAGES).counter().count()).isEqualTo(1.0);
            assertThat(DeliveryTest.count(registry, "retry")).isEqualTo(2.0);
        }
    }

    @Test
    void permanentFailureIsDeadLetteredAtOnceAndAnUnexpectedExceptionIsRetried() throws Exception {
        String run = FrameworkFixture.newRunId("perm");
        String badTile = FrameworkFixture.tileId(0).toString();
        ScriptedStage stage = new ScriptedStage(Step.DOWNLOAD, (context, n) -> {
            if (context.task().tileId().equals(badTile)) {
                throw new PermanentStageException("REJECT_NON_FITS", "the archive returned an HTML page, not FITS");
            }
            if (context.attempt() == 1) {
                throw new IllegalStateException("a bug in the stage");
            }
            return ScriptedStage.countedDone(context);
        });
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), stage, List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            List<TileTask> tasks = fixture.seedRun(run, List.of(Step.DOWNLOAD), 2, true);
            String goodTile = tasks.get(1).tileId();

            await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(fixture.state(run, badTile, Step.DOWNLOAD))
                    && "DONE".equals(fixture.state(run, goodTile, Step.DOWNLOAD)));
            FrameworkFixture.StepRow failed = fixture.row(run, badTile, Step.DOWNLOAD);
            assertThat(failed.attempt()).isEqualTo(1);
            assertThat(failed.reason()).isEqualTo("REJECT_NON_FITS");
            assertThat(failed.errorClass()).isEqualTo(PermanentStageException.class.getName());
            FrameworkFixture.StepRow done = fixture.row(run, goodTile, Step.DOWNLOAD);
            assertThat(done.attempt()).isEqualTo(2);
            assertThat(done.errorClass()).isNull();
            assertThat(fixture.effectCount(run)).isEqualTo(1);
            assertThat(fixture.outbox(Step.DLQ_TOPIC, run)).singleElement()
                    .satisfies(r -> assertThat(r.payload()).contains("REJECT_NON_FITS", badTile));
        }
    }

    @Test
    void stepWhoseLeaseExpiredOnEveryAttemptIsFailedAsLeaseExpired() throws Exception {
        String run = FrameworkFixture.newRunId("exhaust");
        ScriptedStage stage = ScriptedStage.completing(Step.DOWNLOAD);
        try (WorkerService worker = WorkerService.start(
                fixture.environment(Map.of(ClusterSettings.MAX_ATTEMPTS.name(), "2")), stage, List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            TileTask task = fixture.seedRun(run, List.of(Step.DOWNLOAD), 1, false).get(0);
            // As left behind by two workers that died holding the step.
            fixture.execute("UPDATE run_tile SET state = 'RUNNING', attempt = 2, lease_owner = 'dead-worker',"
                    + " lease_until = now() - interval '1 second' WHERE run_id = ?", run);
            fixture.enqueue(task);

            await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(fixture.state(run, task.tileId(), Step.DOWNLOAD)));
            FrameworkFixture.StepRow row = fixture.row(run, task.tileId(), Step.DOWNLOAD);
            assertThat(row.reason()).isEqualTo("LEASE_EXPIRED");
            assertThat(stage.invocations(run)).isZero();
            assertThat(fixture.outbox(Step.DLQ_TOPIC, run)).singleElement()
                    .satisfies(r -> assertThat(r.payload()).contains("LEASE_EXPIRED"));
        }
    }
}
