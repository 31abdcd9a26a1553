package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.StageResult;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;

/**
 * The step's outcome meets the database: an outage while committing it is waited out and the finished work kept; a
 * result the database refuses (the statement's own error, which would fail the same way every time) ends the step
 * FAILED with the database's error, once, and the worker goes on.
 */
class CompletionFailureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FrameworkFixture fixture = new FrameworkFixture();

    /**
     * The connection that commits the outcome dies under it (its server process terminated: SQLState 57P01, the database
     * unavailable for this transaction). The completion is tried again with backoff while the lease is kept: the step
     * is DONE in its first attempt, the stage ran once and its effect was applied once.
     */
    @Test
    void theDatabaseFailingAtCompletionIsRetriedAndTheFinishedWorkKept() throws Exception {
        String run = FrameworkFixture.newRunId("commit-outage");
        AtomicBoolean connectionKilled = new AtomicBoolean();
        ScriptedStage stage = new ScriptedStage(Step.XMATCH, (context, n) -> {
            StageResult counted = ScriptedStage.countedDone(context);
            return StageResult.done(counted.metrics(), List.of(c -> {
                if (connectionKilled.compareAndSet(false, true)) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pg_backend_pid())")) {
                        ps.execute();
                    }
                }
            }, counted.effects().get(0)));
        });
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), stage, List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            TileTask task = fixture.seedRun(run, List.of(Step.XMATCH), 1, true).get(0);

            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.XMATCH)));
            assertThat(connectionKilled).isTrue();
            assertThat(fixture.row(run, task.tileId(), Step.XMATCH).attempt()).isEqualTo(1);
            assertThat(stage.invocations(run)).isEqualTo(1);
            assertThat(fixture.effectCount(run)).isEqualTo(1);
            assertThat(fixture.outbox(Step.DLQ_TOPIC, run)).isEmpty();
        }
    }

    /**
     * A result whose metrics hold a NUL character, which PostgreSQL's jsonb refuses (SQLState 22P05) however often it is
     * sent: the step ends FAILED after one attempt with the database's own error in run_tile and in the dead letter
     * (not as LEASE_EXPIRED three leases later), and the next tile is served.
     */
    @Test
    void aResultTheDatabaseRefusesEndsTheStepFailedWithTheDatabasesErrorOnce() throws Exception {
        String run = FrameworkFixture.newRunId("refused");
        String refused = FrameworkFixture.tileId(0).toString();
        ScriptedStage stage = new ScriptedStage(Step.VETO, (context, n) -> context.task().tileId().equals(refused)
                ? StageResult.done(Map.of("note", "a NUL \u0000 in a label"), ScriptedStage.countedDone(context).effects())
                : ScriptedStage.countedDone(context));
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), stage, List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            List<TileTask> tasks = fixture.seedRun(run, List.of(Step.VETO), 2, true);
            String next = tasks.get(1).tileId();

            await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(fixture.state(run, refused, Step.VETO))
                    && "DONE".equals(fixture.state(run, next, Step.VETO)));
            FrameworkFixture.StepRow row = fixture.row(run, refused, Step.VETO);
            assertThat(row.attempt()).isEqualTo(1);
            assertThat(row.reason()).isEqualTo("COMPLETION_FAILED");
            assertThat(row.errorClass()).isEqualTo("org.postgresql.util.PSQLException");
            assertThat(row.errorMessage()).startsWith("SQLState 22P05: ").contains("\\u0000");
            assertThat(stage.invocations(run)).isEqualTo(2);
            assertThat(fixture.effectCount(run)).as("the refused result's effect rolled back with it").isEqualTo(1);
            List<FrameworkFixture.OutboxRow> letters = fixture.outbox(Step.DLQ_TOPIC, run);
            assertThat(letters).hasSize(1);
            JsonNode letter = JSON.readTree(letters.get(0).payload());
            assertThat(letter.get("reason").asText()).isEqualTo("COMPLETION_FAILED");
            assertThat(letter.get("error_message").asText()).startsWith("SQLState 22P05");
            assertThat(letter.get("tile_id").asText()).isEqualTo(refused);
        }
    }
}
