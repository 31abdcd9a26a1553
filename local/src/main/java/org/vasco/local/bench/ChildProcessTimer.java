package org.vasco.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Runs one command as a child process (argument list, no shell) and times it from start to exit by the
 * monotonic clock: wall time, JVM start-up and file I/O included, the same way for every tool compared.
 * Where GNU time is installed ({@code /usr/bin/time}) the child runs under it, which adds the child's CPU
 * time (user + system) and peak resident set: on a shared machine CPU time is the steadier figure.
 * The child's stdout and stderr go to a log file so that they cost what they cost and can be read later.
 */
final class ChildProcessTimer {

    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    /** What a timed run took and how it ended; CPU seconds and peak RSS when GNU time was there to say. */
    record Timed(double seconds, int exitCode, Path log, OptionalDouble cpuSeconds, OptionalLong peakRssKiB) {
        boolean succeeded() {
            return exitCode == 0;
        }

        String cpuAndRss() {
            if (cpuSeconds.isEmpty()) {
                return "";
            }
            return String.format(java.util.Locale.ROOT, " (cpu %.2f s, peak RSS %d MiB)", cpuSeconds.getAsDouble(),
                    peakRssKiB.orElse(0) >> 10);
        }
    }

    private ChildProcessTimer() {
    }

    static Timed run(List<String> command, Path log) throws IOException, InterruptedException {
        return run(command, log, process -> () -> { });
    }

    /**
     * Runs and times a command; {@code observer} is started on the child's handle once it runs and closed when it
     * has exited (e.g. to sample its memory).
     */
    static Timed run(List<String> command, Path log, Function<ProcessHandle, AutoCloseable> observer)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Optional<Path> usage = Files.isExecutable(GNU_TIME)
                ? Optional.of(log.resolveSibling(log.getFileName() + ".usage")) : Optional.empty();
        List<String> full = new ArrayList<>();
        if (usage.isPresent()) {
            full.addAll(List.of(GNU_TIME.toString(), "-f", "%U %S %M", "-o", usage.get().toString()));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        int exit;
        try (AutoCloseable watching = observer.apply(process.toHandle())) {
            exit = process.waitFor();
        } catch (InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        } catch (Exception e) {
            throw new IOException("observer of " + command.get(0) + " failed: " + e.getMessage(), e);
        }
        long elapsed = System.nanoTime() - start;
        OptionalDouble cpu = OptionalDouble.empty();
        OptionalLong rss = OptionalLong.empty();
        if (usage.isPresent() && Files.isRegularFile(usage.get())) {
            // GNU time writes "Command exited with non-zero status N" first when the child failed
            List<String> lines = Files.readAllLines(usage.get());
            String[] f = lines.isEmpty() ? new String[0] : lines.get(lines.size() - 1).trim().split("\\s+");
            if (f.length == 3) {
                cpu = OptionalDouble.of(Double.parseDouble(f[0]) + Double.parseDouble(f[1]));
                rss = OptionalLong.of(Long.parseLong(f[2]));
            }
        }
        return new Timed(elapsed / 1e9, exit, log, cpu, rss);
    }

    /** The last lines of a run's log, for an error message. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }
}
