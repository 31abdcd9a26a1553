package org.vasco.testkit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import java.time.Clock;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.stage.StepMetrics;
import org.vasco.common.service.ReadinessCheck;
import org.vasco.common.service.ServiceEndpoint;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.LoopSettings;
import org.vasco.common.stage.StageLoop;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;

/** Long steps, graceful shutdown, the HTTP endpoint. */
class LifecycleTest {

    private final FrameworkFixture fixture = new FrameworkFixture();

    @Test
    void stepLongerThanTheMaxPollIntervalCompletesOnceWithoutARebalance() throws Exception {
        String run = FrameworkFixture.newRunId("slow");
        Duration maxPoll = Duration.ofSeconds(2);
        AtomicLong startedAt = new AtomicLong();
        CountDownLatch finish = new CountDownLatch(1);
        ScriptedStage stage = new ScriptedStage(Step.XMATCH, (context, n) -> {
            startedAt.set(System.nanoTime());
            finish.await();
            return ScriptedStage.countedDone(context);
        });
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService worker = WorkerService.start(fixture.environment(Map.of(
                FrameworkSettings.MAX_POLL_INTERVAL.name(), maxPoll.toMillis() + "ms",
                // Shorter than the step too: the lease must be renewed while the stage works.
                ClusterSettings.LEASE.name(), "1500ms")), stage, List.of(), registry)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            TileTask task = fixture.seedRun(run, List.of(Step.XMATCH), 1, true).get(0);

            await().atMost(Duration.ofSeconds(30)).until(() -> startedAt.get() != 0);
            // Let the step run for three poll intervals, checking that it keeps its lease meanwhile.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(fixture.state(run, task.tileId(), Step.XMATCH)).isEqualTo("RUNNING");
                return System.nanoTime() - startedAt.get() > maxPoll.multipliedBy(3).toNanos();
            });
            finish.countDown();

            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.XMATCH)));
            assertThat(stage.invocations(run)).isEqualTo(1);
            assertThat(fixture.row(run, task.tileId(), Step.XMATCH).attempt()).isEqualTo(1);
            assertThat(fixture.effectCount(run)).isEqualTo(1);
            assertThat(registry.get(MetricNames.CONSUMER_REBALANCES).counter().count()).isZero();
            assertThat(DeliveryTest.count(registry, "duplicate")).isZero();
            assertThat(worker.isConsuming()).isTrue();
        }
    }

    @Test
    void gracefulShutdownReleasesTheClaimForAnotherWorker() throws Exception {
        String run = FrameworkFixture.newRunId("release");
        CountDownLatch never = new CountDownLatch(1);
        ScriptedStage blocking = new ScriptedStage(Step.VETO, (context, n) -> {
            never.await(); // returns only by interruption: the stage honours shutdown
            throw new IllegalStateException("unreachable");
        });
        Map<String, String> settings = Map.of(ClusterSettings.SHUTDOWN_GRACE.name(), "300ms");
        WorkerService first = WorkerService.start(fixture.environment(settings), blocking, List.of(), null);
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
        assertThat(fixture.outbox(Step.VETO.topic(), run)).hasSize(2); // the original task and the released one

        ScriptedStage completing = ScriptedStage.completing(Step.VETO);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (WorkerService second = WorkerService.start(
                fixture.environment(Map.of(FrameworkSettings.CONSUMER_OFFSET_RESET.name(), "earliest")),
                completing, List.of(), registry)) {
            // A new group reading from the start sees both copies of the task; only one has an effect.
            await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(fixture.state(run, task.tileId(), Step.VETO))
                    && DeliveryTest.count(registry, "duplicate") >= 1);
            assertThat(fixture.row(run, task.tileId(), Step.VETO).attempt()).isEqualTo(1);
            assertThat(completing.invocations(run)).isEqualTo(1);
            assertThat(fixture.effectCount(run)).isEqualTo(1);
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
                    "kafka_consumer");
        }
    }

    /**
     * A consume loop that stops on its own (here an unexpected wake-up of its consumer, as an escaped runtime error or
     * 50 broker errors in a row would end it) is reported dead: the gauge turns 1 and a vital check fails liveness,
     * so the kubelet restarts the pod instead of leaving it idle for ever. A loop stopped by close() is not dead.
     */
    @Test
    void aConsumeLoopThatDiesFailsLivenessAndRaisesItsGauge() throws Exception {
        Environment env = fixture.environment(Map.of());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StageLoop loop = new StageLoop(ScriptedStage.completing(Step.DOWNLOAD), fixture.database(), KafkaConnection.from(env),
                LoopSettings.from(env, Step.DOWNLOAD), new StepMetrics(registry, Step.DOWNLOAD), Clock.systemUTC());
        HttpClient http = HttpClient.newHttpClient();
        try (ServiceEndpoint endpoint = ServiceEndpoint.start(0, registry,
                List.of(ReadinessCheck.vital("consume-loop-alive", () -> !loop.hasDied())))) {
            URI live = URI.create("http://127.0.0.1:" + endpoint.port() + "/health/live");
            loop.start();
            await().atMost(Duration.ofSeconds(30)).until(loop::isConsuming);
            assertThat(http.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(registry.get(MetricNames.STAGE_LOOP_DEAD).tag("step", "download").gauge().value()).isZero();

            loop.consumer().wakeup();

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
