package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;

/** Several tiles at once: the slot limit holds, and replicas in one share group share the work, each tile once. */
class ScaleOutTest {

    private final FrameworkFixture fixture = new FrameworkFixture();

    @Test
    void aWorkerRunsAtMostItsConcurrencyAtOnceAndFinishesEveryTile() throws Exception {
        String run = FrameworkFixture.newRunId("conc");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        ScriptedStage stage = new ScriptedStage(Step.DOWNLOAD, (context, n) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                gate.await();
                return ScriptedStage.countedDone(context);
            } finally {
                running.decrementAndGet();
            }
        });
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of(ClusterSettings.CONCURRENCY.name(), "2")),
                stage, List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            List<TileTask> tasks = fixture.seedRun(run, List.of(Step.DOWNLOAD), 8, true);

            await().atMost(Duration.ofSeconds(30)).until(() -> running.get() == 2);
            // With both slots holding a task neither acquires another: nothing else starts while the gate is shut.
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2);
            gate.countDown();

            await().atMost(Duration.ofSeconds(30)).until(() -> allDone(run, tasks));
            assertThat(mostAtOnce.get()).isEqualTo(2);
            assertThat(stage.invocations(run)).isEqualTo(8);
            assertThat(fixture.effectCount(run)).isEqualTo(8);
        }
    }

    @Test
    void twoReplicasInOneGroupShareTheTilesAndEachTileIsDoneOnce() throws Exception {
        String run = FrameworkFixture.newRunId("replicas");
        Environment env = fixture.environment(Map.of(FrameworkSettings.CONSUMER_GROUP.name(), "fw-replicas-" + UUID.randomUUID()));
        ScriptedStage a = ScriptedStage.completing(Step.DOWNLOAD);
        ScriptedStage b = ScriptedStage.completing(Step.DOWNLOAD);
        try (WorkerService first = WorkerService.start(env, a, List.of(), null);
             WorkerService second = WorkerService.start(env, b, List.of(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> first.isConsuming() && second.isConsuming());
            List<TileTask> tasks = fixture.seedRun(run, List.of(Step.DOWNLOAD), 8, true);

            await().atMost(Duration.ofSeconds(30)).until(() -> allDone(run, tasks));
            assertThat(a.invocations(run) + b.invocations(run)).isEqualTo(8);
            assertThat(a.invocations(run)).isPositive();
            assertThat(b.invocations(run)).isPositive();
            assertThat(fixture.effectCount(run)).isEqualTo(8);
        }
    }

    private boolean allDone(String run, List<TileTask> tasks) throws Exception {
        for (TileTask t : tasks) {
            if (!"DONE".equals(fixture.state(run, t.tileId(), Step.DOWNLOAD))) {
                return false;
            }
        }
        return true;
    }
}
