package org.vasco.testkit.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A PostgreSQL server still running on a data directory whose owner is gone. The embedded server runs in a session
 * of its own (pg_ctl detaches it), so when the JVM that started it is killed (SIGKILL, OOM killer) it keeps running
 * on the data directory and its port, and the next start on that directory would fail on its
 * {@code postmaster.pid}. {@link #find} reads that file; {@link #stop} shuts the server down (SIGTERM, PostgreSQL's
 * smart shutdown, which ends at once as its clients died with their JVM; SIGKILL after {@link #GRACE}).
 *
 * @param pid     the postmaster's process id, from the first line of {@code postmaster.pid}
 * @param dataDir the data directory
 */
public record LeftoverPostmaster(long pid, Path dataDir) {

    static final String PID_FILE = "postmaster.pid";
    static final Duration GRACE = Duration.ofSeconds(30);

    /**
     * The PostgreSQL server running on {@code dataDir} now, if its {@code postmaster.pid} names a live postgres
     * process; empty when there is none (no file, a stale file, or a process of another program under that pid).
     */
    public static Optional<LeftoverPostmaster> find(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve(PID_FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean postgres = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().command()).map(c -> Path.of(c).getFileName().toString().startsWith("postgres"))
                .orElse(false);
        return postgres ? Optional.of(new LeftoverPostmaster(pid, dataDir)) : Optional.empty();
    }

    /**
     * Stops the server and waits until it has exited.
     *
     * @throws IllegalStateException when it survives SIGKILL too
     */
    public void stop() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        ProcessHandle process = handle.get();
        CompletableFuture<ProcessHandle> exited = process.onExit();
        process.destroy();
        if (!waitFor(exited, GRACE)) {
            process.destroyForcibly();
            if (!waitFor(exited, Duration.ofSeconds(10))) {
                throw new IllegalStateException("PostgreSQL (pid " + pid + ") left running on " + dataDir
                        + " did not stop, even on SIGKILL: stop it by hand, then start again");
            }
        }
    }

    /** What an operator reads when it is stopped. */
    public String describe() {
        return "a PostgreSQL server (pid " + pid + ") was left running on " + dataDir
                + " by a cluster that did not stop cleanly (killed?); stopping it before starting a new one";
    }

    private static boolean waitFor(CompletableFuture<ProcessHandle> exited, Duration limit) {
        try {
            exited.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            // onExit() never completes exceptionally; should it, the process is not known to run any more
            return true;
        }
    }
}
