package org.vasco.local.bench;

import java.time.Duration;

/**
 * CPU time used so far by this JVM (the embedded broker, coordinator and workers all run in it) and by its live
 * child processes (the embedded PostgreSQL server and its backends). A backend that exits between two readings
 * takes its time with it; the pools keep theirs open, so within a run the loss is small.
 */
final class CpuTime {

    private CpuTime() {
    }

    static Duration now() {
        Duration own = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
        return ProcessHandle.current().descendants()
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(own, Duration::plus);
    }
}
