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
import org.vasco.local.Main;
import org.vasco.local.TestJvm;

/**
 * {@code vasco up --sky synthetic} in a JVM of its own, in a process group of its own ({@code setsid}), as a user
 * starts it in a shell: {@link #killProcessGroup()} is what SIGKILL of the shell's job does (the JVM and every
 * process of its group, SExtractor included, at once), {@link #terminate} is Ctrl-C's SIGTERM. Its stdout and stderr
 * go to {@code <home>/<name>.log}. Close kills the group if it still runs.
 */
final class UpProcess implements AutoCloseable {

    private static final List<String> JVM_OPTIONS = List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final String READY = "Local cluster running";

    private final Process process;
    private final Path log;

    private UpProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code vasco up --sky synthetic --seed <seed> --state-dir <home>/.vasco} with {@code settings} (the
     * test JVM's own {@code VASCO_…} variables removed) and waits until it says it runs.
     */
    static UpProcess start(Path home, String name, long seed, Map<String, String> settings, Duration boot) throws IOException {
        Path log = home.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of("setsid", TestJvm.java()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", TestJvm.classPath(), Main.class.getName(), "up", "--sky", "synthetic", "--seed",
                Long.toString(seed), "--state-dir", home.resolve(".vasco").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("VASCO_"));
        builder.environment().putAll(settings);
        UpProcess up = new UpProcess(builder.start(), log);
        try {
            await(name + " cluster up").atMost(boot).pollInterval(Duration.ofMillis(200))
                    .until(() -> up.log().contains(READY) || !up.process.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            up.close();
            throw new AssertionError("vasco up (" + name + ") did not start within " + boot + ":\n" + up.log(), e);
        }
        if (!up.process.isAlive()) {
            throw new AssertionError("vasco up (" + name + ") exited with " + up.process.exitValue() + ":\n" + up.log());
        }
        return up;
    }

    /** SIGKILL to the whole process group; returns once the JVM is gone. */
    void killProcessGroup() throws IOException, InterruptedException {
        // setsid made the JVM the leader of a group of its own: its pid is the group's id.
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).redirectErrorStream(true).start();
        String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -KILL -" + process.pid() + " failed: " + said);
        }
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM (Ctrl-C's effect on the JVM); its exit status once it has stopped. */
    int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        return waitForExit(limit);
    }

    /** The processes the JVM started that still descend from it. */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private int waitForExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("vasco up (pid " + process.pid() + ") still runs after " + limit);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            try {
                killProcessGroup();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
