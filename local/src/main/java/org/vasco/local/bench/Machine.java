package org.vasco.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a benchmark ran on, printed at the top of every {@code vasco bench} output so a figure is never quoted
 * without it: cores, CPU model, memory, Java, and the load average (a loaded machine gives preliminary figures).
 */
record Machine(int cores, String cpuModel, long memoryMiB, String java, String loadAverage) {

    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                procField("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")),
                procField("/proc/meminfo", "MemTotal").map(Machine::kibToMib).orElse(-1L),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                firstLine("/proc/loadavg").map(l -> String.join(" ", List.of(l.split(" ")).subList(0, 3))).orElse("unknown"));
    }

    void print(PrintWriter out) {
        out.printf("machine: %d cores (%s), %,d MiB RAM, %s, load average %s%n", cores, cpuModel, memoryMiB, java, loadAverage);
        double load = loadAverage.isEmpty() || loadAverage.equals("unknown") ? 0 : Double.parseDouble(loadAverage.split(" ")[0]);
        if (load > cores) {
            out.printf(Locale.ROOT, "note: the 1-minute load (%.1f) exceeds the %d cores: other work shares the CPU; the figures"
                    + " below are preliminary%n", load, cores);
        }
    }

    private static long kibToMib(String value) {
        return Long.parseLong(value.replaceAll("[^0-9]", "")) / 1024;
    }

    private static Optional<String> procField(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not Linux: the field is reported as unknown
        }
        return Optional.empty();
    }

    private static Optional<String> firstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream().findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
