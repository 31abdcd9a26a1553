package org.vasco.local.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.task.Step;
import org.vasco.local.TestJvm;

/**
 * One worker of a step running in its own JVM ({@link FaultWorkerMain}) against the test's broker, database and
 * loopback archives, so a fault test can kill it for real: {@link #kill()} is SIGKILL (no shutdown hook, nothing
 * released, offsets not committed), {@link #terminate()} is SIGTERM (the production graceful shutdown).
 * Its output goes to {@code <dir>/<name>.log}. Close kills it if it still runs.
 */
final class WorkerProcess implements AutoCloseable {

    /** Small heap and a quick JIT: the workers of a fault test process 10′ tiles, and four of them share two cores. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xss512k");

    private final String name;
    private final Step step;
    private final Process process;
    private final Path log;
    private final Path ready;
    private final Path haltMarker;

    private WorkerProcess(String name, Step step, Process process, Path log, Path ready, Path haltMarker) {
        this.name = name;
        this.step = step;
        this.process = process;
        this.log = log;
        this.ready = ready;
        this.haltMarker = haltMarker;
    }

    /**
     * Starts the production worker of {@code step} with {@code environment} (the cluster's {@code VASCO_…} settings;
     * {@code VASCO_WORKER_ID} is set to {@code name} and {@code VASCO_HTTP_PORT} to an ephemeral port).
     */
    static WorkerProcess start(String name, Step step, Map<String, String> environment, Path dir) throws IOException {
        return launch(name, step, environment, dir, 0);
    }

    /** As {@link #start}, but the process halts right after its stage returned its {@code n}-th result (see {@link HaltAfterResult}). */
    static WorkerProcess haltingAfter(int n, String name, Step step, Map<String, String> environment, Path dir) throws IOException {
        return launch(name, step, environment, dir, n);
    }

    private static WorkerProcess launch(String name, Step step, Map<String, String> environment, Path dir, int haltAfter)
            throws IOException {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        Path ready = dir.resolve(name + ".ready");
        Path marker = dir.resolve(name + ".halted");
        Files.deleteIfExists(ready);
        Files.deleteIfExists(marker);
        List<String> command = new ArrayList<>();
        command.add(TestJvm.java());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(TestJvm.classPath());
        command.add(FaultWorkerMain.class.getName());
        command.add(step.label());
        command.add(ready.toString());
        if (haltAfter > 0) {
            command.add(Integer.toString(haltAfter));
            command.add(marker.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("VASCO_"));
        env.putAll(environment);
        env.put(ClusterSettings.WORKER_ID.name(), name);
        env.put(ClusterSettings.HTTP_PORT.name(), "0");
        return new WorkerProcess(name, step, builder.start(), log, ready, marker);
    }

    /** Waits until the worker's consumer holds partitions; fails with the tail of its log if it died or took too long. */
    WorkerProcess awaitConsuming(Duration limit) {
        try {
            await().atMost(limit).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.exists(ready) || !process.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Worker " + name + " was not consuming after " + limit + ":\n" + logTail(), e);
        }
        if (!process.isAlive()) {
            throw new AssertionError("Worker " + name + " exited with " + process.exitValue() + " before consuming:\n" + logTail());
        }
        return this;
    }

    /** SIGKILL: the process dies at once, as the OOM killer or a lost node would end it. */
    int kill() {
        process.destroyForcibly();
        return waitForExit(Duration.ofSeconds(20));
    }

    /** SIGTERM: the production shutdown hook runs (running steps finish within the grace or are released). */
    int terminate(Duration limit) {
        process.destroy();
        return waitForExit(limit);
    }

    /** Waits for the process to end on its own (e.g. halted by {@link HaltAfterResult}); its exit status. */
    int waitForExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("Worker " + name + " did not exit within " + limit + ":\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for worker " + name, e);
        }
        return process.exitValue();
    }

    /** The processes this worker started and that still run (SExtractor, PSFEx). */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    Step step() {
        return step;
    }

    /** The {@code run_tile.lease_owner} prefix of this worker's claims. */
    String ownerPrefix() {
        return name + "/" + step.label() + "/";
    }

    /** The task the process halted on ({@code run tile step attempt outcome}), once {@link HaltAfterResult} fired. */
    String haltedOn() throws IOException {
        return Files.exists(haltMarker) ? Files.readString(haltMarker, StandardCharsets.UTF_8).trim() : null;
    }

    String logTail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "WorkerProcess[" + name + ", " + step.label() + ", pid " + process.pid() + "]";
    }
}
