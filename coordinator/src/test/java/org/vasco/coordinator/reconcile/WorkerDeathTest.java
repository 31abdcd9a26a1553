package org.vasco.coordinator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.Outbox;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.coordinator.service.CoordinatorService;
import org.vasco.testkit.services.SharedServices;

/** A worker killed mid-step: its lease expires, the reconciler re-publishes, another worker finishes the tile. */
class WorkerDeathTest {

    private final SharedServices services = SharedServices.get();
    private final RunRows rows = new RunRows(services.database());

    @Test
    void tileOfAWorkerThatDiedMidStepIsFinishedByAnother() throws Exception {
        String run = RunRows.newRunId("death");
        Map<String, String> vars = new HashMap<>();
        vars.put(ClusterSettings.HTTP_PORT.name(), "0");
        // the coordinator writes finalised runs' bundles into its storage: a directory of this test's, not .vasco/ in the module
        vars.put(ClusterSettings.DATA.name(), SharedServices.get().newDirectory("data").toString());
        vars.put(ClusterSettings.TOPIC_PARTITIONS.name(), "4");
        vars.put(ClusterSettings.JDBC_POOL_SIZE.name(), "4");
        vars.put(ClusterSettings.LEASE.name(), "1500ms");
        vars.put(FrameworkSettings.CONSUMER_GROUP.name(), "death-" + UUID.randomUUID());
        vars.put(FrameworkSettings.CONSUMER_OFFSET_RESET.name(), "latest");
        vars.put(FrameworkSettings.OUTBOX_POLL.name(), "50ms");
        vars.put(FrameworkSettings.RECONCILE_INTERVAL.name(), "300ms");
        Environment env = services.environment(vars);

        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger firstRuns = new AtomicInteger();
        TileStage dying = stage(context -> {
            firstRuns.incrementAndGet();
            never.await();
            throw new IllegalStateException("unreachable");
        });
        AtomicInteger secondRuns = new AtomicInteger();
        TileStage healthy = stage(context -> {
            secondRuns.incrementAndGet();
            return StageResult.done(Map.of("by", "second"));
        });

        PrometheusMeterRegistry coordinatorMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (CoordinatorService coordinator = CoordinatorService.start(env, coordinatorMetrics)) {
            WorkerService first = WorkerService.start(env, dying, List.of(), null);
            await().atMost(Duration.ofSeconds(30)).until(first::isConsuming);
            rows.seed(run, Step.DOWNLOAD, 1, "QUEUED");
            String tile = RunRows.tile(0).toString();
            TileTask task = new TileTask(TileTask.SCHEMA, run, RunRows.tile(0), RunRows.PLATE, RunRows.tile(0).raDeg(), 41.5,
                    Step.DOWNLOAD, 1, "trace-0");
            services.database().inTransaction(c -> {
                Outbox.enqueueTask(c, task, Duration.ZERO);
                return null;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> firstRuns.get() == 1);
            assertThat(rows.stateAndAttempt(run, tile)).isEqualTo("RUNNING/1");

            first.crash();
            try (WorkerService second = WorkerService.start(env, healthy, List.of(), null)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> "DONE/2".equals(rows.stateAndAttempt(run, tile)));
                assertThat(secondRuns.get()).isEqualTo(1);
                assertThat(firstRuns.get()).isEqualTo(1);
                assertThat(coordinatorMetrics.get(MetricNames.RECONCILER_REQUEUED).tag("cause", "lease_expired")
                        .counter().count()).isGreaterThanOrEqualTo(1.0);
            }
        }
    }

    private static TileStage stage(Work work) {
        return new TileStage() {
            @Override
            public Step step() {
                return Step.DOWNLOAD;
            }

            @Override
            public StageResult run(org.vasco.common.stage.StageContext context) throws InterruptedException {
                return work.run(context);
            }
        };
    }

    @FunctionalInterface
    private interface Work {
        StageResult run(org.vasco.common.stage.StageContext context) throws InterruptedException;
    }
}
