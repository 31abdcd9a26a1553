package org.vasco.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows a child process and its descendants while they run and records, per program name, the largest
 * peak resident set ({@code VmHWM} of {@code /proc/<pid>/status}) seen. VmHWM is the kernel's own high-water
 * mark, so sampling every few milliseconds loses nothing but processes that live shorter than the interval.
 * Linux only; elsewhere it records nothing.
 */
final class ProcessTreeMemory implements AutoCloseable {

    private final ProcessHandle root;
    private final Map<String, Long> peakKiB = new TreeMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vmhwm-sampler");
        t.setDaemon(true);
        return t;
    });

    ProcessTreeMemory(ProcessHandle root, long intervalMillis) {
        this.root = root;
        sampler.scheduleAtFixedRate(this::sample, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        record(root);
        root.descendants().forEach(this::record);
    }

    private void record(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        try {
            String name = Files.readString(proc.resolve("comm")).trim();
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    synchronized (peakKiB) {
                        peakKiB.merge(name, kib, Math::max);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading: its last sample stands
        }
    }

    /** Program name → largest VmHWM seen, KiB. */
    Map<String, Long> peaks() {
        synchronized (peakKiB) {
            return new TreeMap<>(peakKiB);
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
