package org.vasco.coordinator.backlog;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.db.Database;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.service.PeriodicRound;
import org.vasco.common.task.Step;

/**
 * Exports each step's {@link StepBacklog} as the gauge {@code vasco_step_backlog{step}}. Only the coordinator does
 * this: the backlog is a property of the cluster, not of a pod, so one exporter keeps {@code sum()} from counting it
 * once per replica (dashboards and alerts still use {@code max()}, which also holds while two coordinators overlap
 * during a rollout). Every step has a series from the start (0 before the first refresh), so an autoscaler or an
 * alert never sees the metric missing.
 *
 * <p>The database is read every {@code interval} on one daemon thread, not at scrape time, so a slow database
 * never stalls {@code /metrics}. A failed refresh is logged and the gauges keep their last values until the next
 * one succeeds. {@link #close()} stops the thread.
 */
public final class BacklogGauges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogGauges.class);

    private final Database database;
    private final Map<Step, AtomicLong> backlog = new EnumMap<>(Step.class);
    private final PeriodicRound rounds;

    public BacklogGauges(Database database, MeterRegistry registry) {
        this.database = database;
        for (Step step : Step.values()) {
            AtomicLong value = new AtomicLong();
            backlog.put(step, value);
            Gauge.builder(MetricNames.STEP_BACKLOG, value, AtomicLong::get).tag("step", step.label())
                    .description("Tile steps of the step waiting to be claimed (due QUEUED/RETRY rows of run_tile)")
                    .register(registry);
        }
        // A failed round leaves the gauges at their last values.
        this.rounds = new PeriodicRound("backlog-gauges", "Reading the step backlog", LOG, this::refresh);
    }

    /** Refreshes now and then every {@code interval}; returns this. */
    public BacklogGauges start(Duration interval) {
        rounds.start(Duration.ZERO, interval, "The backlog refresh interval (VASCO_RECONCILE_INTERVAL)");
        return this;
    }

    /** Reads every step's backlog once and sets the gauges. */
    public void refresh() throws SQLException {
        try (Connection c = database.connection()) {
            c.setReadOnly(true);
            for (Map.Entry<Step, AtomicLong> e : backlog.entrySet()) {
                e.getValue().set(StepBacklog.count(c, e.getKey()));
            }
        }
    }

    /** The step's backlog as of the last refresh. */
    public long last(Step step) {
        return backlog.get(step).get();
    }

    @Override
    public void close() {
        rounds.close();
    }
}
