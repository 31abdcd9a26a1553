package org.vasco.coordinator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vasco.common.stage.Outbox;
import org.vasco.common.task.Step;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;
import org.vasco.testkit.services.SharedServices;

/** Which rows the reconciler publishes again, on the real schema. */
class ReconcilerTest {

    private final SharedServices services = SharedServices.get();
    private final RunRows rows = new RunRows(services.database());
    private final Reconciler reconciler = new Reconciler(services.database(), Duration.ofSeconds(1), Duration.ofSeconds(60),
            new SimpleMeterRegistry());

    @Test
    void forgottenQueuedStepIsPublishedAgainWithItsTileCentreOnceUntilItsTaskIsSent() throws Exception {
        String run = RunRows.newRunId("stale");
        rows.seed(run, Step.EXTRACT, 1, "QUEUED");
        rows.execute("UPDATE run_tile SET queued_at = now() - interval '5 minutes', attempt = 1 WHERE run_id = ?", run);

        reconciler.reconcileOnce();
        reconciler.reconcileOnce(); // the task is still waiting in the outbox: not enqueued twice

        List<String> payloads = rows.outboxPayloads(run);
        assertThat(payloads).hasSize(1);
        TileTask task = TaskCodec.decode(payloads.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(task.tileId()).isEqualTo(RunRows.tile(0).toString());
        assertThat(task.plateId()).isEqualTo(RunRows.PLATE);
        assertThat(task.raDeg()).isEqualTo(RunRows.tile(0).raDeg());
        assertThat(task.decDeg()).isEqualTo(41.5);
        assertThat(task.step()).isEqualTo(Step.EXTRACT);
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(task.traceId()).isEqualTo("trace-0");
        assertThat(rows.stateAndAttempt(run, task.tileId())).isEqualTo("QUEUED/1"); // the reconciler never changes state
    }

    @Test
    void queuedTasksOfAStepStillDrainingItsBacklogAreNotPublishedAgainUntilTheStepGoesQuiet() throws Exception {
        String run = RunRows.newRunId("draining");
        rows.seed(run, Step.EXTRACT, 2, "QUEUED");
        String waiting = RunRows.tile(0).toString();
        String claimed = RunRows.tile(1).toString();
        rows.execute("UPDATE run_tile SET queued_at = now() - interval '5 minutes', published_at = now() - interval '5 minutes'"
                + " WHERE run_id = ? AND tile_id = ?", run, waiting);
        rows.execute("UPDATE run_tile SET state = 'DONE', queued_at = now() - interval '5 minutes',"
                + " started_at = now() - interval '10 seconds', finished_at = now() WHERE run_id = ? AND tile_id = ?", run, claimed);

        reconciler.reconcileOnce();
        assertThat(rows.outboxPayloads(run)).as("a tile of the step was claimed 10 s ago: the backlog drains").isEmpty();

        rows.execute("UPDATE run_tile SET started_at = now() - interval '2 minutes' WHERE run_id = ? AND tile_id = ?", run, claimed);
        reconciler.reconcileOnce();
        assertThat(rows.outboxPayloads(run)).singleElement().satisfies(p -> assertThat(p).contains(waiting));
    }

    /**
     * A step longer than the stale time claims nothing new while its workers are busy: its waiting tasks are queued
     * behind the running ones, not lost (bench scaling: one extract worker, steps of 40–90 s, every waiting task was
     * published again each minute). Once the running tile's lease has lapsed, the step is quiet and they are.
     */
    @Test
    void queuedTasksOfAStepWithATileRunningUnderALiveLeaseAreNotPublishedAgain() throws Exception {
        String run = RunRows.newRunId("longstep");
        rows.seed(run, Step.EXTRACT, 2, "QUEUED");
        String waiting = RunRows.tile(0).toString();
        String running = RunRows.tile(1).toString();
        rows.execute("UPDATE run_tile SET queued_at = now() - interval '5 minutes', published_at = now() - interval '5 minutes'"
                + " WHERE run_id = ? AND tile_id = ?", run, waiting);
        rows.execute("UPDATE run_tile SET state = 'RUNNING', lease_owner = 'busy', lease_until = now() + interval '1 minute',"
                + " queued_at = now() - interval '5 minutes', started_at = now() - interval '4 minutes'"
                + " WHERE run_id = ? AND tile_id = ?", run, running);

        reconciler.reconcileOnce();
        assertThat(rows.outboxPayloads(run)).as("a tile of the step runs under a live lease: the backlog drains").isEmpty();

        rows.execute("UPDATE run_tile SET lease_until = now() - interval '1 second', published_at = now()"
                + " WHERE run_id = ? AND tile_id = ?", run, running);
        reconciler.reconcileOnce();
        assertThat(rows.outboxPayloads(run)).singleElement().satisfies(p -> assertThat(p).contains(waiting));
    }

    @Test
    void recentlyPublishedRetryNotYetDueLiveLeasesAndFinishedStepsAreLeftAlone() throws Exception {
        String run = RunRows.newRunId("quiet");
        rows.seed(run, Step.XMATCH, 5, "QUEUED");
        String t0 = RunRows.tile(0).toString();
        String t1 = RunRows.tile(1).toString();
        String t2 = RunRows.tile(2).toString();
        String t3 = RunRows.tile(3).toString();
        String t4 = RunRows.tile(4).toString();
        rows.execute("UPDATE run_tile SET queued_at = now() - interval '5 minutes', published_at = now() - interval '5 seconds'"
                + " WHERE run_id = ? AND tile_id = ?", run, t0);
        rows.execute("UPDATE run_tile SET state = 'RETRY', queued_at = now() - interval '5 minutes',"
                + " not_before = now() + interval '10 minutes' WHERE run_id = ? AND tile_id = ?", run, t1);
        rows.execute("UPDATE run_tile SET state = 'RUNNING', lease_owner = 'alive', lease_until = now() + interval '1 minute',"
                + " queued_at = now() - interval '5 minutes' WHERE run_id = ? AND tile_id = ?", run, t2);
        rows.execute("UPDATE run_tile SET state = 'DONE', queued_at = now() - interval '5 minutes' WHERE run_id = ? AND tile_id = ?",
                run, t3);
        rows.execute("UPDATE run_tile SET state = 'RUNNING', lease_owner = 'dead', lease_until = now() - interval '1 second',"
                + " published_at = now() - interval '2 minutes', queued_at = now() - interval '5 minutes'"
                + " WHERE run_id = ? AND tile_id = ?", run, t4);

        reconciler.reconcileOnce();

        List<String> payloads = rows.outboxPayloads(run);
        assertThat(payloads).singleElement().satisfies(p -> assertThat(p).contains(t4)); // only the expired lease
    }

    @Test
    void stepWithATaskStillWaitingInTheOutboxIsNotPublishedAgain() throws Exception {
        String run = RunRows.newRunId("pending");
        rows.seed(run, Step.VETO, 1, "QUEUED");
        rows.execute("UPDATE run_tile SET queued_at = now() - interval '5 minutes' WHERE run_id = ?", run);
        TileTask task = new TileTask(TileTask.SCHEMA, run, RunRows.tile(0), RunRows.PLATE, RunRows.tile(0).raDeg(),
                41.5, Step.VETO, 1, "trace-0");
        services.database().inTransaction(c -> {
            Outbox.enqueueTask(c, task, Duration.ofMinutes(10)); // e.g. a delayed retry not yet due
            return null;
        });

        reconciler.reconcileOnce();

        assertThat(rows.outboxPayloads(run)).hasSize(1);
    }
}
