package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.service.WorkerService;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.StaleAttemptException;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.testkit.services.SharedServices;

/**
 * Attempts that outlive their claim: a worker whose lease was taken over is cancelled, and neither its late artefact nor
 * its late completion replaces the new owner's; a stage that ignores its interruption is stopped anyway, at its deadline.
 */
class StaleAttemptTest {

    private final FrameworkFixture fixture = new FrameworkFixture();

    /**
     * Worker A claims the step and its stage hangs, deaf to interruption. Its lease is taken over by worker B (the lease
     * expired, the task delivered again), which publishes its artefact and commits DONE. A's renewal then finds the step
     * gone and interrupts A's stage; when A finally goes on, its rename is refused by the fence and its result discarded:
     * the artefact on the storage is B's, byte for byte, and the step's effect happened once.
     */
    @Test
    void aStaleWorkersLateArtefactAndCompletionAreRefusedAndTheNewOwnersStay() throws Exception {
        String run = FrameworkFixture.newRunId("stale");
        ArtefactStore storage = new ArtefactStore(SharedServices.get().newDirectory("stale-artefacts"));
        Path artefact = storage.root().resolve("tiles").resolve("result.txt");
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicBoolean staleInterrupted = new AtomicBoolean();
        AtomicReference<IOException> stalePublish = new AtomicReference<>();
        ScriptedStage stage = new ScriptedStage(Step.DOWNLOAD, (context, n) -> {
            if (n == 1) { // the first attempt, to be overtaken: deaf to interruption until the test lets it go on
                while (goOn.getCount() > 0) {
                    try {
                        goOn.await();
                    } catch (InterruptedException e) {
                        staleInterrupted.set(true);
                    }
                }
                try {
                    storage.fenced(context.fence()).writeAtomically(artefact,
                            out -> out.write("stale attempt".getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    stalePublish.set(e);
                }
                return ScriptedStage.countedDone(context);
            }
            try {
                storage.fenced(context.fence()).writeAtomically(artefact,
                        out -> out.write(("owner, attempt " + context.attempt()).getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return ScriptedStage.countedDone(context);
        });
        // A lease of 6 s is renewed every 2 s: the takeover below happens between two renewals.
        Environment env = fixture.environment(Map.of(ClusterSettings.LEASE.name(), "6s"));
        PrometheusMeterRegistry registryA = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry registryB = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService a = WorkerService.start(env, stage, List.of(), registryA);
             WorkerService b = WorkerService.start(env, stage, List.of(), registryB)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.isConsuming() && b.isConsuming());
            TileTask task = fixture.seedRun(run, List.of(Step.DOWNLOAD), 1, true).get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> stage.invocations(run) == 1);
            String staleOwner = fixture.row(run, task.tileId(), Step.DOWNLOAD).leaseOwner();

            takeOver(run, task);
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.DOWNLOAD)));
            byte[] owners = Files.readAllBytes(artefact);
            assertThat(new String(owners, StandardCharsets.UTF_8)).isEqualTo("owner, attempt 2");
            // The stale attempt's renewal finds the step gone and cancels its stage (which ignores that here).
            await().atMost(Duration.ofSeconds(30)).until(staleInterrupted::get);

            goOn.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> stalePublish.get() != null);
            assertThat(stalePublish.get()).isInstanceOf(StaleAttemptException.class)
                    .hasMessageContaining("attempt 1").hasMessageContaining(staleOwner);
            await().atMost(Duration.ofSeconds(30)).until(() -> released(registryA) + released(registryB) >= 1);

            assertThat(sha256(Files.readAllBytes(artefact))).as("the artefact is the new owner's, byte for byte")
                    .isEqualTo(sha256(owners));
            FrameworkFixture.StepRow row = fixture.row(run, task.tileId(), Step.DOWNLOAD);
            assertThat(row.state()).isEqualTo("DONE");
            assertThat(row.attempt()).isEqualTo(2);
            assertThat(fixture.effectCount(run)).as("the stale completion was refused: the effect happened once").isEqualTo(1);
            assertThat(stage.invocations(run)).isEqualTo(2);
        }
    }

    /**
     * The takeover another worker makes when a lease expires: the lease is made to expire and the task delivered again,
     * until another attempt holds the step (should the stale worker's renewal slip in between, the delivery is a mere
     * duplicate and the takeover is tried once more).
     */
    private void takeOver(String run, TileTask task) throws Exception {
        for (int i = 0; i < 5; i++) {
            fixture.execute("UPDATE run_tile SET lease_until = now() - interval '1 second' WHERE run_id = ?", run);
            fixture.enqueue(task);
            try {
                await().atMost(Duration.ofSeconds(3)).until(() -> fixture.row(run, task.tileId(), Step.DOWNLOAD).attempt() >= 2);
                return;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // renewed just before the claim: try again
            }
        }
        throw new AssertionError("no other worker took the step over");
    }

    /**
     * One slot, a deadline of one second: a stage that swallows every interruption is stopped at its deadline anyway — its
     * step settled as a failed attempt (DEADLINE_EXCEEDED), its thread left behind — and the slot serves the next task;
     * a stage that honours the interruption simply fails at its deadline. The late return of the deaf stage is discarded.
     */
    @Test
    void aStageThatSwallowsInterruptsIsStoppedAtItsDeadlineAndTheSlotServesTheNextTask() throws Exception {
        String run = FrameworkFixture.newRunId("deadline");
        String deaf = FrameworkFixture.tileId(0).toString();
        String honouring = FrameworkFixture.tileId(1).toString();
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean deafReturned = new AtomicBoolean();
        ScriptedStage stage = new ScriptedStage(Step.EXTRACT, (context, n) -> {
            if (context.task().tileId().equals(deaf)) {
                while (never.getCount() > 0) {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        // a tool wrapper that ignores interruption
                    }
                }
                deafReturned.set(true);
                return ScriptedStage.countedDone(context);
            }
            if (context.task().tileId().equals(honouring)) {
                never.await();
            }
            return ScriptedStage.countedDone(context);
        });
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of(
                FrameworkSettings.STEP_DEADLINE.name(), "1s", ClusterSettings.MAX_ATTEMPTS.name(), "1")), stage, List.of(),
                registry)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            List<TileTask> tasks = fixture.seedRun(run, List.of(Step.EXTRACT), 3, true);
            String ordinary = tasks.get(2).tileId();

            await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(fixture.state(run, deaf, Step.EXTRACT))
                    && "FAILED".equals(fixture.state(run, honouring, Step.EXTRACT))
                    && "DONE".equals(fixture.state(run, ordinary, Step.EXTRACT)));
            for (String tile : List.of(deaf, honouring)) {
                FrameworkFixture.StepRow row = fixture.row(run, tile, Step.EXTRACT);
                assertThat(row.reason()).as(tile).isEqualTo("DEADLINE_EXCEEDED");
                assertThat(row.errorMessage()).as(tile).contains("deadline of PT1S", "VASCO_STEP_DEADLINE");
            }
            assertThat(registry.get(MetricNames.STAGE_ABANDONED).tag("cause", "deadline").counter().count())
                    .as("stages left behind: only the deaf one").isEqualTo(1.0);
        } finally {
            never.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(deafReturned::get);
        assertThat(fixture.effectCount(run)).as("only the ordinary tile's effect: the late result was discarded").isEqualTo(1);
        assertThat(fixture.state(run, deaf, Step.EXTRACT)).isEqualTo("FAILED");
    }

    private static double released(PrometheusMeterRegistry registry) {
        return DeliveryTest.count(registry, "released");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
