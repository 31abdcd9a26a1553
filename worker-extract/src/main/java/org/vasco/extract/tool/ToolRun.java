package org.vasco.extract.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One run of an external tool as a child process: an argument list (never a shell), the scratch
 * directory as working directory, stdout and stderr captured to {@code <label>.out} /
 * {@code <label>.err} in the log directory with ANSI terminal codes stripped, and a wall-clock
 * limit after which the whole process tree is killed.
 *
 * @param label            short name used for log files and messages, e.g. {@code pass1}
 * @param binary           the executable
 * @param arguments        its arguments
 * @param workingDirectory where it runs (relative names in its configuration resolve here)
 * @param logDirectory     where the cleaned stdout/stderr logs are written
 * @param timeout          wall-clock limit
 */
public record ToolRun(String label, Path binary, List<String> arguments, Path workingDirectory,
        Path logDirectory, Duration timeout) {

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");
    private static final int TAIL_LINES = 5;

    public ToolRun {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(binary, "binary");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(logDirectory, "logDirectory");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Tool timeout must be positive, found " + timeout);
        }
    }

    /**
     * Starts the tool and waits for it to exit or for the timeout.
     *
     * @throws ScratchStorageException when the scratch or log files cannot be written (full or read-only storage)
     * @throws IOException          when the process cannot be started (binary missing or not executable)
     * @throws InterruptedException when this thread is interrupted; the process tree is killed first
     */
    public Result execute() throws IOException, InterruptedException {
        Path rawOut = workingDirectory.resolve("." + label + ".stdout");
        Path rawErr = workingDirectory.resolve("." + label + ".stderr");
        // Created here rather than by the process launcher, so that a storage failure is told apart from a tool
        // that cannot be started.
        try {
            Files.createDirectories(logDirectory);
            Files.write(rawOut, new byte[0]);
            Files.write(rawErr, new byte[0]);
        } catch (IOException e) {
            throw new ScratchStorageException(this, e);
        }
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectOutput(rawOut.toFile())
                .redirectError(rawErr.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        }
        if (!exited) {
            killTree(process);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        Path outLog = logDirectory.resolve(label + ".out");
        Path errLog = logDirectory.resolve(label + ".err");
        List<String> stdout;
        List<String> stderr;
        try {
            stdout = cleaned(rawOut);
            stderr = cleaned(rawErr);
            Files.write(outLog, stdout, StandardCharsets.UTF_8);
            Files.write(errLog, stderr, StandardCharsets.UTF_8);
            Files.deleteIfExists(rawOut);
            Files.deleteIfExists(rawErr);
        } catch (IOException e) {
            throw new ScratchStorageException(this, e);
        }
        return new Result(label, exited ? process.exitValue() : -1, !exited, wall, outLog, errLog, errorLines(stderr, stdout));
    }

    /** The tool's scratch or log files could not be written: the storage's failure, not the tool's. */
    public static final class ScratchStorageException extends IOException {

        ScratchStorageException(ToolRun run, IOException cause) {
            super(run.label() + ": cannot write its scratch or log files in " + run.workingDirectory() + " / "
                    + run.logDirectory() + ": " + cause, cause);
        }
    }

    /** Kills the process and every descendant, then waits for the process itself to be gone. */
    private static void killTree(Process process) throws InterruptedException {
        // Listed before killing: once the parent dies its children are re-parented and out of reach.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static List<String> cleaned(Path raw) throws IOException {
        if (!Files.exists(raw)) {
            return List.of();
        }
        String text = new String(Files.readAllBytes(raw), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String line : ANSI.matcher(text).replaceAll("").split("\r?\n")) {
            lines.add(line.stripTrailing());
        }
        return lines;
    }

    /** The tool's error lines ({@code > *ERROR*:} / {@code > *Error*:}), else the last lines of its stderr, else of its stdout. */
    static List<String> errorLines(List<String> stderr, List<String> stdout) {
        List<String> errors = new ArrayList<>();
        for (String line : stderr) {
            if (line.toLowerCase(Locale.ROOT).contains("*error*")) {
                errors.add(line.trim());
            }
        }
        if (!errors.isEmpty()) {
            return List.copyOf(errors);
        }
        List<String> tail = tail(stderr);
        return tail.isEmpty() ? tail(stdout) : tail;
    }

    private static List<String> tail(List<String> lines) {
        List<String> nonBlank = lines.stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
        return List.copyOf(nonBlank.subList(Math.max(0, nonBlank.size() - TAIL_LINES), nonBlank.size()));
    }

    /**
     * What a tool run did.
     *
     * @param exitCode   the exit status, or -1 after a timeout
     * @param timedOut   true when the run was killed at the timeout
     * @param wallTime   wall-clock time of the run
     * @param errorLines the tool's error lines, or the last lines of its output when it printed none
     */
    public record Result(String label, int exitCode, boolean timedOut, Duration wallTime, Path stdoutLog,
            Path stderrLog, List<String> errorLines) {

        public Result {
            errorLines = List.copyOf(errorLines);
        }

        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        /** The error lines joined for a failure reason. */
        public String errorSummary() {
            return errorLines.isEmpty() ? "(no output)" : String.join(" | ", errorLines);
        }
    }
}
