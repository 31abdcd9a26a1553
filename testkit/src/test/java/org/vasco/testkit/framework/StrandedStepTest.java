package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;

/**
 * A due step whose task record waits where no idle member of the share group reads (with more members than partitions,
 * a partition outside the idle members' windows) is claimed from the database by an idle slot; the record, when it
 * arrives, is a harmless duplicate.
 */
class StrandedStepTest {

    private final FrameworkFixture fixture = new FrameworkFixture();

    @Test
    void anIdleSlotClaimsAStrandedStepFromTheDatabaseAndItsLateRecordIsADuplicate() throws Exception {
        String run = FrameworkFixture.newRunId("stranded");
        ScriptedStage stage = ScriptedStage.completing(Step.MEASURE);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of(
                FrameworkSettings.STRANDED_AFTER.name(), "2s")), stage, List.of(), registry)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            // Two due steps, neither of whose records reaches this worker: the first was published a minute ago (its
            // record sits in a partition nobody idle reads), the second never was (its task is not even in the outbox:
            // the record is not stranded, it does not exist yet, and the database must not run ahead of it).
            List<TileTask> tasks = fixture.seedRun(run, List.of(Step.MEASURE), 2, false);
            TileTask stranded = tasks.get(0);
            TileTask unpublished = tasks.get(1);
            fixture.execute("UPDATE run_tile SET published_at = now() - interval '1 minute' WHERE run_id = ? AND tile_id = ?",
                    run, stranded.tileId());

            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, stranded.tileId(), Step.MEASURE)));
            assertThat(claims(registry, "stranded")).isGreaterThanOrEqualTo(1);
            // The worker goes on probing (after one, then two seconds); the unpublished step stays its record's.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> "QUEUED".equals(fixture.state(run, unpublished.tileId(), Step.MEASURE)));

            // The stranded record arrives at last: the step is done, so it is a duplicate and changes nothing.
            fixture.produce(stranded);
            await().atMost(Duration.ofSeconds(30)).until(() -> DeliveryTest.count(registry, "duplicate") >= 1);
            assertThat(stage.invocations(run)).isEqualTo(1);
            assertThat(fixture.effectCount(run)).isEqualTo(1);
            assertThat(fixture.row(run, stranded.tileId(), Step.MEASURE).attempt()).isEqualTo(1);
        }
    }

    @Test
    void withStrandedStepsTurnedOffAnIdleSlotLeavesThemToTheirRecords() throws Exception {
        String run = FrameworkFixture.newRunId("stranded-off");
        ScriptedStage stage = ScriptedStage.completing(Step.MEASURE);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), stage, List.of(), registry)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            TileTask task = fixture.seedRun(run, List.of(Step.MEASURE), 1, false).get(0);
            fixture.execute("UPDATE run_tile SET published_at = now() - interval '1 minute' WHERE run_id = ? AND tile_id = ?",
                    run, task.tileId());

            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> "QUEUED".equals(fixture.state(run, task.tileId(), Step.MEASURE)));
            fixture.produce(task);
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.MEASURE)));
            assertThat(claims(registry, "stranded")).isZero();
            assertThat(stage.invocations(run)).isEqualTo(1);
        }
    }

    private static double claims(PrometheusMeterRegistry registry, String result) {
        var counter = registry.find(MetricNames.CLAIMS).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }
}
