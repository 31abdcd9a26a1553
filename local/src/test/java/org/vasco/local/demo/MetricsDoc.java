package org.vasco.local.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The metric table of docs/metrics.md: one row per Prometheus name, with the services that emit it. */
final class MetricsDoc {

    /** One table row. {@code emittedBy} is e.g. "all services", "workers", "coordinator", "extract, xmatch". */
    record Row(String prometheusName, String type, String emittedBy) {

        /** Whether the service named as in {@code LocalCluster.httpPorts()} (coordinator, worker.extract.2, …) emits it. */
        /** True for "any service": the meter is in whichever service did the work. */
        boolean anyService() {
            return emittedBy.toLowerCase(Locale.ROOT).contains("any service");
        }

        boolean emittedBy(String service) {
            String by = emittedBy.toLowerCase(Locale.ROOT);
            if (by.contains("all services")) {
                return true;
            }
            boolean worker = service.startsWith("worker.");
            if (worker && by.contains("every worker")) {
                return true;
            }
            String name = worker ? service.split("\\.")[1] : service;
            for (String part : by.split(",")) {
                if (part.trim().equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    private MetricsDoc() {
    }

    static Path location() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/metrics.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/metrics.md not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docs/metrics.md");
    }

    /** The rows of the table whose header starts with "| Prometheus name |"; the name cell is in backquotes. */
    static List<Row> read(Path doc) throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("| Prometheus name |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---") || line.startsWith("| ---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            String[] cells = line.split("\\|");
            String name = cells[1].trim().replace("`", "");
            rows.add(new Row(name, cells[2].trim(), cells[4].trim()));
        }
        return rows;
    }
}
