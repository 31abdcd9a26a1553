package org.vasco.local.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.coordinator.run.RunMode;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.testkit.services.SharedServices;

/**
 * Issue #9, item 1, the faults of worker processes: workers run in JVMs of their own ({@link WorkerProcess}) and
 * are killed for real — SIGKILL at seeded random points of each step, a halt between "artefacts written" and
 * "transaction committed", SIGTERM during SExtractor — while {@code DeliveryFaultTest} covers duplicate, late,
 * out-of-order and replayed tasks. After each fault the cluster recovers by itself and the run must equal the
 * undisturbed baseline of the same sky ({@link RunInvariants}). The delays and halt points come from fixed seeds,
 * so a failure reproduces; each scenario logs a {@code FAULT-TABLE} line with what it cost.
 */
@Tag("fault")
class ProcessFaultTest {

    /** The steps of the suite's runs (RunMode.DEFAULT, the fast path: measure included), each served by a worker type. */
    private static final List<Step> STEPS = RunMode.DEFAULT.steps();

    private static final Logger LOG = LoggerFactory.getLogger(ProcessFaultTest.class);
    /** Short leases: a killed worker's tile is claimable again after this (the product default is 120 s). */
    static final String LEASE = "4s";
    private static final Duration BOOT = Duration.ofSeconds(90);
    /**
     * How long the run may take to reach the scenario's fault points: an upper bound only (quiet: well under a minute),
     * wide enough for a loaded machine where the module's other test JVM shares the two cores.
     */
    private static final Duration PROGRESS_WITHIN = Duration.ofMinutes(5);
    /** Longest delay after a worker's first claim before it is killed, per step (about one step's duration here). */
    private static final Map<Step, Integer> MAX_KILL_DELAY_MS = Map.of(Step.DOWNLOAD, 400, Step.EXTRACT, 2500,
            Step.XMATCH, 800, Step.MEASURE, 1500, Step.VETO, 800);

    @Test
    void workersKilledAtRandomPointsOfEachStepAreReplacedAndTheRunEqualsTheBaseline() throws Exception {
        RunSnapshot baseline = FaultRun.baseline(FaultSky.SUITE);
        Random random = new Random(20_261_126L);
        Path logs = SharedServices.get().newDirectory("fault-kill-logs");
        try (FaultRun run = FaultRun.start("kill", FaultSky.SUITE, StageRegistry.bundled(),
                Map.of(ClusterSettings.LEASE.name(), LEASE));
             Workers processes = Workers.takeOver(run, STEPS, logs, step -> 0)) {
            String runId = run.submit();
            StepRows rows = new StepRows(run.database(), runId);
            Map<Step, Integer> delays = new EnumMap<>(Step.class);
            for (Step step : STEPS) {
                delays.put(step, random.nextInt(MAX_KILL_DELAY_MS.get(step)));
            }
            Map<Step, Long> killAt = new EnumMap<>(Step.class);
            Map<Step, Kill> kills = new EnumMap<>(Step.class);
            Map<Step, WorkerProcess> replacements = new EnumMap<>(Step.class);
            // One poll drives all the kills, so each lands at its own point while the pipeline keeps flowing.
            await("every worker killed").atMost(PROGRESS_WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
                for (Step step : STEPS) {
                    if (kills.containsKey(step)) {
                        continue;
                    }
                    WorkerProcess worker = processes.of(step);
                    if (!killAt.containsKey(step) && !rows.heldBy(step, worker.ownerPrefix()).isEmpty()) {
                        killAt.put(step, System.currentTimeMillis() + delays.get(step));
                    }
                    // Kill only inside a step: when the moment has come between two tiles, wait for the next claim.
                    if (killAt.containsKey(step) && System.currentTimeMillis() >= killAt.get(step)
                            && !rows.heldBy(step, worker.ownerPrefix()).isEmpty()) {
                        long at = System.currentTimeMillis();
                        int status = worker.kill();
                        // What the dead worker still holds, RUNNING under its lease: the steps the kill landed in.
                        kills.put(step, new Kill(step, delays.get(step), rows.heldBy(step, worker.ownerPrefix()), at, status));
                        // The replacement joins the killed worker's own share group, as a Deployment's new pod would.
                        replacements.put(step, processes.replace(step));
                    }
                }
                return kills.size() == STEPS.size();
            });
            // The archives' stand-ins restart too (every cut-out they rendered forgotten): the post stages' answers,
            // and so the final candidates, must not depend on what the stand-ins served before.
            run.archives().forgetServedCutouts();
            RunSnapshot result = run.awaitFinal(FaultRun.FINAL_WITHIN);
            for (Kill kill : kills.values()) {
                assertThat(kill.status()).as("exit status of the SIGKILLed %s worker", kill.step().label()).isEqualTo(137);
                assertThat(kill.held()).as("tile steps the %s worker held when it was killed (the kill must land inside a"
                        + " step)", kill.step().label()).isNotEmpty();
                LOG.info("FAULT-TABLE kill: {}", kill.describe(rows));
            }
            LOG.info("FAULT-TABLE kill: run final after {} s, steps retried: {}", result.took().toSeconds(), result.attempts());
            RunInvariants.assertHold(result, baseline);
            for (Kill kill : kills.values()) {
                String replacementLog = replacements.get(kill.step()).log();
                for (String tile : kill.held()) {
                    assertThat(rows.row(tile, kill.step()).orElseThrow().attempt())
                            .as("%s of %s was claimed by the killed worker, so it took a second attempt", kill.step().label(), tile)
                            .isGreaterThanOrEqualTo(2);
                    assertThat(replacementLog).as("the replacement in the killed worker's group finished %s of %s",
                            kill.step().label(), tile).contains("tile=" + tile + " outcome=DONE");
                }
            }
        }
    }

    @Test
    void aWorkerDyingBetweenArtefactsAndCommitOfEachStepLeavesNothingHalfDone() throws Exception {
        RunSnapshot baseline = FaultRun.baseline(FaultSky.SUITE);
        Random random = new Random(9_091L);
        Path logs = SharedServices.get().newDirectory("fault-halt-logs");
        Map<Step, Integer> haltAfter = new EnumMap<>(Step.class);
        for (Step step : STEPS) {
            haltAfter.put(step, 1 + random.nextInt(3));
        }
        try (FaultRun run = FaultRun.start("halt", FaultSky.SUITE, StageRegistry.bundled(),
                Map.of(ClusterSettings.LEASE.name(), LEASE));
             Workers processes = Workers.takeOver(run, STEPS, logs, haltAfter::get)) {
            String runId = run.submit();
            StepRows rows = new StepRows(run.database(), runId);
            Map<Step, String> haltedOn = new EnumMap<>(Step.class);
            Map<Step, Long> haltedAt = new EnumMap<>(Step.class);
            await("every worker halted").atMost(PROGRESS_WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
                for (Step step : STEPS) {
                    WorkerProcess worker = processes.of(step);
                    if (!haltedOn.containsKey(step) && !worker.isAlive()) {
                        assertThat(worker.waitForExit(Duration.ofSeconds(5))).as("exit status of the halted %s worker:%n%s",
                                step.label(), worker.logTail()).isEqualTo(HaltAfterResult.HALT_STATUS);
                        haltedOn.put(step, worker.haltedOn());
                        haltedAt.put(step, System.currentTimeMillis());
                        processes.replace(step);
                    }
                }
                return haltedOn.size() == STEPS.size();
            });
            RunSnapshot result = run.awaitFinal(FaultRun.FINAL_WITHIN);
            for (Step step : STEPS) {
                String[] task = haltedOn.get(step).split(" ");
                assertThat(task[2]).as("the halted worker's step").isEqualTo(step.label());
                StepRows.Row row = rows.row(task[1], step).orElseThrow();
                assertThat(row.attempt()).as("%s of %s: its first result was never committed, so a second attempt"
                        + " redid it", step.label(), task[1]).isGreaterThanOrEqualTo(2);
                LOG.info("FAULT-TABLE halt: step={} halted after result {} (tile {}, result {}, artefacts written,"
                                + " not committed); tile done by attempt {} {} ms after the halt", step.label(), haltAfter.get(step),
                        task[1], task[4], row.attempt(), row.finishedAtMillis() - haltedAt.get(step));
            }
            LOG.info("FAULT-TABLE halt: run final after {} s, steps retried: {}", result.took().toSeconds(), result.attempts());
            RunInvariants.assertHold(result, baseline);
        }
    }

    @Test
    void sigtermDuringSextractorReleasesTheClaimWithoutSpendingAnAttemptAndAnotherWorkerFinishes() throws Exception {
        RunSnapshot baseline = FaultRun.baseline(FaultSky.SUITE);
        Path logs = SharedServices.get().newDirectory("fault-sigterm-logs");
        try (FaultRun run = FaultRun.start("sigterm", FaultSky.SUITE, StageRegistry.bundled(), Map.of());
             // No grace: every SExtractor run outlasts it, as a long one outlasts the production grace of 60 s.
             Workers processes = Workers.takeOver(run, List.of(Step.EXTRACT), logs, step -> 0,
                     Map.of(ClusterSettings.SHUTDOWN_GRACE.name(), "0s"))) {
            String runId = run.submit();
            StepRows rows = new StepRows(run.database(), runId);
            WorkerProcess extract = processes.of(Step.EXTRACT);
            List<ProcessHandle> tools = new ArrayList<>();
            List<String> held = new ArrayList<>();
            await("SExtractor running in the extract worker").atMost(PROGRESS_WITHIN).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        tools.clear();
                        tools.addAll(extract.descendants().stream()
                                .filter(p -> p.info().command().orElse("").contains("source-extractor")).toList());
                        held.clear();
                        held.addAll(rows.heldBy(Step.EXTRACT, extract.ownerPrefix()));
                        return !tools.isEmpty() && !held.isEmpty();
                    });
            long termAt = System.currentTimeMillis();
            int status = extract.terminate(Duration.ofSeconds(30));
            long stoppedAfter = System.currentTimeMillis() - termAt;
            assertThat(status).as("exit status after SIGTERM (shutdown hook ran):%n%s", extract.logTail()).isEqualTo(143);
            assertThat(tools).as("SExtractor processes of the stopped worker").noneMatch(ProcessHandle::isAlive);
            List<StepRows.Row> released = new ArrayList<>();
            for (String tile : held) {
                StepRows.Row row = rows.row(tile, Step.EXTRACT).orElseThrow();
                if (!"DONE".equals(row.state())) {
                    assertThat(row).as("extract of %s after SIGTERM", tile)
                            .extracting(StepRows.Row::state, StepRows.Row::outcome, StepRows.Row::attempt)
                            .containsExactly("RETRY", "RELEASED", 0);
                    released.add(row);
                }
            }
            assertThat(released).as("claims released by the graceful shutdown (held: %s)", held).isNotEmpty();
            processes.replace(Step.EXTRACT);
            RunSnapshot result = run.awaitFinal(FaultRun.FINAL_WITHIN);
            RunInvariants.assertHold(result, baseline);
            for (StepRows.Row row : released) {
                StepRows.Row after = rows.row(row.tileId(), Step.EXTRACT).orElseThrow();
                assertThat(after.attempt()).as("attempts of the released %s", row.tileId()).isEqualTo(1);
                LOG.info("FAULT-TABLE sigterm: tile {} released (RETRY/RELEASED, attempt back to 0), worker exited {} ms"
                                + " after SIGTERM; done by another worker in attempt {} {} ms after SIGTERM", row.tileId(),
                        stoppedAfter, after.attempt(), after.finishedAtMillis() - termAt);
            }
            LOG.info("FAULT-TABLE sigterm: run final after {} s, steps retried: {}", result.took().toSeconds(), result.attempts());
        }
    }

    /** A SIGKILL of one step's worker process and what it held then. */
    record Kill(Step step, int delayMs, List<String> held, long atMillis, int status) {
        String describe(StepRows rows) throws java.sql.SQLException {
            List<String> outcome = new ArrayList<>();
            for (String tile : held) {
                StepRows.Row row = rows.row(tile, step).orElseThrow();
                outcome.add(String.format(Locale.ROOT, "%s done by attempt %d %d ms after the kill", tile, row.attempt(),
                        row.finishedAtMillis() - atMillis));
            }
            return String.format(Locale.ROOT, "step=%s killed %d ms after its first claim, holding %s%s", step.label(),
                    delayMs, held.isEmpty() ? "no claim (between tiles)" : held, outcome.isEmpty() ? "" : ": " + outcome);
        }
    }

    /**
     * The steps of a fault run whose work this test hands to worker processes: the run's in-JVM workers of those steps
     * are stopped before anything is submitted, and one process per step consumes in a share group of its own; a
     * replacement ({@link #replace}) joins that same group.
     */
    static final class Workers implements AutoCloseable {
        private final Map<Step, WorkerProcess> processes = new EnumMap<>(Step.class);
        private final Map<Step, Map<String, String>> environments = new EnumMap<>(Step.class);
        private final List<WorkerProcess> replacements = new ArrayList<>();
        private Path logs;

        static Workers takeOver(FaultRun run, List<Step> steps, Path logs, java.util.function.ToIntFunction<Step> haltAfter)
                throws Exception {
            return takeOver(run, steps, logs, haltAfter, Map.of());
        }

        static Workers takeOver(FaultRun run, List<Step> steps, Path logs, java.util.function.ToIntFunction<Step> haltAfter,
                                Map<String, String> settings) throws Exception {
            Workers workers = new Workers();
            workers.logs = logs;
            try {
                String group = UUID.randomUUID().toString().substring(0, 8);
                for (Step step : steps) {
                    for (WorkerService inJvm : run.workers(step)) {
                        run.stop(inJvm);
                    }
                    Map<String, String> env = new HashMap<>(run.environment().asMap());
                    env.put(FrameworkSettings.CONSUMER_GROUP.name(), "fault-process-" + group + "-" + step.label());
                    env.putAll(settings);
                    int n = haltAfter.applyAsInt(step);
                    String name = (n > 0 ? "halting-" : "process-") + step.label();
                    workers.environments.put(step, new HashMap<>(env));
                    if (n > 0) {
                        env.put(ClusterSettings.CONCURRENCY.name(), "1"); // the halt then ends exactly one step
                    }
                    workers.processes.put(step, n > 0 ? WorkerProcess.haltingAfter(n, name, step, env, logs)
                            : WorkerProcess.start(name, step, env, logs));
                }
                for (WorkerProcess p : workers.processes.values()) {
                    p.awaitConsuming(BOOT);
                }
                return workers;
            } catch (Exception | Error e) {
                workers.close();
                throw e;
            }
        }

        WorkerProcess of(Step step) {
            return processes.get(step);
        }

        /**
         * Starts a worker process for {@code step} in the same share group as the first, with its settings (never
         * halting); it joins while the scenario goes on.
         */
        WorkerProcess replace(Step step) throws java.io.IOException {
            WorkerProcess replacement = WorkerProcess.start("replacement-" + (replacements.size() + 1) + "-" + step.label(), step,
                    environments.get(step), logs);
            replacements.add(replacement);
            return replacement;
        }

        @Override
        public void close() {
            processes.values().forEach(WorkerProcess::close);
            replacements.forEach(WorkerProcess::close);
        }
    }
}
