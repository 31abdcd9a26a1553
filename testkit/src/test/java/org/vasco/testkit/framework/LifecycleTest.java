package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.service.ReadinessCheck;
import org.vasco.common.service.ServiceEndpoint;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.LoopSettings;
import org.vasco.common.stage.StageLoop;
import org.vasco.common.stage.StepMetrics;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;

/** Long steps, graceful shutdown, the HTTP endpoint. */
class LifecycleTest {

    private final FrameworkFixture fixture = new FrameworkFixture();

    /**
     * A step that runs several times longer than its task record's lock and than max.poll.interval.ms keeps both: the
     * slot renews the lock (RENEW) and the lease while the stage works, so the record is never delivered to anyone
     * else and the step completes once.
     */
    @Test
    void stepLongerThanTheRecordLockAndTheMaxPollIntervalCompletesOnceItsLockRenewed() throws Exception {
        String run = FrameworkFixture.newRunId("slow");
        Duration lock = Duration.ofSeconds(3);
        Duration maxPoll = Duration.ofSeconds(2);
        AtomicLong startedAt = new AtomicLong();
        CountDownLatch finish = new CountDownLatch(1);
        ScriptedStage stage = new ScriptedStage(Step.XMATCH, (context, n) -> {
            startedAt.set(System.nanoTime());
            finish.await();
            return ScriptedStage.countedDone(context);
        });
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry replicaRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Environment env = fixture.environment(Map.of(
                FrameworkSettings.MAX_POLL_INTERVAL.name(), maxPoll.toMillis() + "ms",
                // Shorter than the step too: the lease must be renewed while the stage works.
                ClusterSettings.LEASE.name(), "1500ms"));
        fixture.lockDuration(env.get(FrameworkSettings.CONSUMER_GROUP), lock);
        // A second worker of the same stage in the same group, idle: it would be handed the record if its lock lapsed.
        try (WorkerService worker = WorkerService.start(env, stage, List.of(), registry);
             WorkerService replica = WorkerService.start(env, stage, List.of(), replicaRegistry)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.isConsuming() && replica.isConsuming());
            TileTask task = fixture.seedRun(run, List.of(Step.XMATCH), 1, true).get(0);

            await().atMost(Duration.ofSeconds(30)).until(() -> startedAt.get() != 0);
            // Let the step run for three lock durations, checking that it keeps its lease meanwhile.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(fixture.state(run, task.tileId(), Step.XMATCH)).isEqualTo("RUNNING");
                return System.nanoTime() - startedAt.get() > lock.multipliedBy(3).toNanos();
            });
            finish.countDown();

            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.XMATCH)));
            assertThat(stage.invocations(run)).as("the stage ran once, in either worker").isEqualTo(1);
            assertThat(fixture.row(run, task.tileId(), Step.XMATCH).attempt()).isEqualTo(1);
            assertThat(fixture.effectCount(run)).isEqualTo(1);
            assertThat(renewals(registry) + renewals(replicaRegistry)).as("lock renewals in three lock durations")
                    .isGreaterThanOrEqualTo(3);
            assertThat(DeliveryTest.count(registry, "duplicate") + DeliveryTest.count(replicaRegistry, "duplicate"))
                    .as("deliveries to the idle worker").isZero();
            assertThat(worker.isConsuming()).isTrue();
        }
    }

    /**
     * Renewing a long step's lock takes nothing else from the group: the task waiting behind it is not acquired and given
     * back at each renewal (each acquisition counts as one of its deliveries, and the broker archives a record at the
     * fifth), so the slot serves it as soon as the long step is done, on its first delivery.
     */
    @Test
    void renewingALongStepsLockLeavesTheTaskWaitingBehindItToTheGroup() throws Exception {
        String run = FrameworkFixture.newRunId("renewal");
        Duration lock = Duration.ofSeconds(2);
        AtomicLong startedAt = new AtomicLong();
        CountDownLatch finish = new CountDownLatch(1);
        ScriptedStage stage = new ScriptedStage(Step.XMATCH, (context, n) -> {
            if (n == 1) {
                startedAt.set(System.nanoTime());
                finish.await();
            }
            return ScriptedStage.countedDone(context);
        });
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Environment env = fixture.environment(Map.of(ClusterSettings.CONCURRENCY.name(), "1"));
        fixture.lockDuration(env.get(FrameworkSettings.CONSUMER_GROUP), lock);
        try (WorkerService worker = WorkerService.start(env, stage, List.of(), registry)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            List<TileTask> tasks = fixture.seedRun(run, List.of(Step.XMATCH), 8, true);

            await().atMost(Duration.ofSeconds(30)).until(() -> startedAt.get() != 0);
            // Six renewals (each once two thirds of the lock have passed): past the broker's limit of five deliveries for the waiting task.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> renewals(registry) >= 6);
            finish.countDown();

            for (TileTask task : tasks) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.XMATCH)));
                assertThat(fixture.row(run, task.tileId(), Step.XMATCH).attempt()).isEqualTo(1);
            }
            assertThat(acknowledgements(registry, "release")).as("records acquired while renewing and given back")
                    .isZero();
            assertThat(stage.invocations(run)).isEqualTo(tasks.size());
        }
    }

    private static double renewals(PrometheusMeterRegistry registry) {
        return acknowledgements(registry, "renew");
    }

    private static double acknowledgements(PrometheusMeterRegistry registry, String type) {
        var counted = registry.find(MetricNames.SHARE_ACKNOWLEDGEMENTS).tag("type", type).counter();
        return counted == null ? 0 : counted.count();
    }

    /**
     * SIGTERM with a step running: the stage is interrupted after the grace, its claim released without spending an
     * attempt, and its task record given back to the share group (RELEASE), not written to the outbox again; a
     * replacement joining the same group is handed that very record and finishes the step.
     */
    @Test
    void gracefulShutdownReleasesTheClaimAndTheRecordForAReplacementInTheSameGroup() throws Exception {
        String run = FrameworkFixture.newRunId("release");
        CountDownLatch never = new CountDownLatch(1);
        ScriptedStage blocking = new ScriptedStage(Step.VETO, (context, n) -> {
            never.await(); // returns only by interruption: the stage honours shutdown
            throw new IllegalStateException("unreachable");
        });
        Environment env = fixture.environment(Map.of(ClusterSettings.SHUTDOWN_GRACE.name(), "300ms"));
        WorkerService first = WorkerService.start(env, blocking, List.of(), null);
        TileTask task;
        try {
            await().atMost(Duration.ofSeconds(30)).until(first::isConsuming);
            task = fixture.seedRun(run, List.of(Step.VETO), 1, true).get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> blocking.invocations(run) == 1);
            FrameworkFixture.StepRow running = fixture.row(run, task.tileId(), Step.VETO);
            assertThat(running.state()).isEqualTo("RUNNING");
            assertThat(running.leaseOwner()).isEqualTo(first.owner());
        } finally {
            first.close();
        }

        FrameworkFixture.StepRow released = fixture.row(run, task.tileId(), Step.VETO);
        assertThat(released.state()).isEqualTo("RETRY");
        assertThat(released.outcome()).isEqualTo("RELEASED");
        assertThat(released.attempt()).isZero(); // shutdown does not spend an attempt
        assertThat(released.leaseOwner()).isNull();

        ScriptedStage completing = ScriptedStage.completing(Step.VETO);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService replacement = WorkerService.start(env, completing, List.of(), registry)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.VETO)));
            assertThat(fixture.row(run, task.tileId(), Step.VETO).attempt()).isEqualTo(1);
            assertThat(completing.invocations(run)).isEqualTo(1);
            assertThat(fixture.effectCount(run)).isEqualTo(1);
            assertThat(fixture.outbox(Step.VETO.topic(), run)).as("the task was never written again: the released record"
                    + " itself was delivered to the replacement").hasSize(1);
            assertThat(DeliveryTest.count(registry, "duplicate")).isZero();
        }
    }

    @Test
    void endpointServesMetricsLivenessAndReadinessNamingTheFailingCheck() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        boolean[] binariesFound = {false};
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of()), ScriptedStage.completing(Step.MEASURE),
                List.of(ReadinessCheck.of("binaries", () -> binariesFound[0])), null)) {
            String base = "http://127.0.0.1:" + worker.httpPort();
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);

            HttpResponse<String> notReady = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("binaries").doesNotContain("database").doesNotContain("broker");

            binariesFound[0] = true;
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("version=0.0.4"));
            assertThat(metrics.body()).contains("vasco_outbox_backlog", "vasco_dlq_messages_total", "jvm_memory_used_bytes",
                    "vasco_stage_slots", "vasco_stage_slots_busy", "kafka_producer");
        }
    }

    /**
     * A consume loop that stops on its own (here a slot's thread ending on an error such as running out of memory, as
     * 50 broker errors in a row would end it too) is reported dead: the gauge turns 1 and a vital check fails
     * liveness, so the kubelet restarts the pod instead of leaving it idle, or serving with fewer slots, for ever. A loop
     * stopped by close() is not dead.
     */
    @Test
    void aConsumeLoopThatDiesFailsLivenessAndRaisesItsGauge() throws Exception {
        String run = FrameworkFixture.newRunId("dies");
        Environment env = fixture.environment(Map.of());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ScriptedStage outOfMemory = new ScriptedStage(Step.DOWNLOAD, (context, n) -> {
            throw new OutOfMemoryError("Java heap space (the test's)");
        });
        StageLoop loop = new StageLoop(outOfMemory, fixture.database(), KafkaConnection.from(env),
                LoopSettings.from(env, Step.DOWNLOAD), new StepMetrics(registry, Step.DOWNLOAD), Clock.systemUTC());
        HttpClient http = HttpClient.newHttpClient();
        try (ServiceEndpoint endpoint = ServiceEndpoint.start(0, registry,
                List.of(ReadinessCheck.vital("consume-loop-alive", () -> !loop.hasDied())))) {
            URI live = URI.create("http://127.0.0.1:" + endpoint.port() + "/health/live");
            loop.start();
            await().atMost(Duration.ofSeconds(30)).until(loop::isConsuming);
            assertThat(http.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(registry.get(MetricNames.STAGE_LOOP_DEAD).tag("step", "download").gauge().value()).isZero();

            fixture.produce(fixture.seedRun(run, List.of(Step.DOWNLOAD), 1, false).get(0)); // no outbox publisher here

            await().atMost(Duration.ofSeconds(30)).until(() -> !loop.isRunning());
            assertThat(loop.hasDied()).isTrue();
            assertThat(registry.get(MetricNames.STAGE_LOOP_DEAD).tag("step", "download").gauge().value()).isEqualTo(1);
            HttpResponse<String> dead = http.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dead.statusCode()).isEqualTo(503);
            assertThat(dead.body()).contains("consume-loop-alive");
        } finally {
            loop.close();
        }
    }

    @Test
    void aConsumeLoopStoppedByCloseIsNotDead() {
        Environment env = fixture.environment(Map.of());
        StageLoop loop = new StageLoop(ScriptedStage.completing(Step.DOWNLOAD), fixture.database(), KafkaConnection.from(env),
                LoopSettings.from(env, Step.DOWNLOAD), new StepMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Step.DOWNLOAD), Clock.systemUTC()).start();
        await().atMost(Duration.ofSeconds(30)).until(loop::isConsuming);
        loop.close();
        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.hasDied()).isFalse();
    }
}
