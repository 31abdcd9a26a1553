package org.vasco.coordinator.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.db.Database;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.stage.Outbox;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;
import org.vasco.common.service.PeriodicRound;

/**
 * Puts lost work back on Kafka. Kafka is only a doorbell: a task can be lost (a worker killed mid-step, a message
 * consumed as a duplicate while another worker held the step and then died, a group reset). Every
 * {@code interval} this finds, in {@code run_tile}:
 * <ul>
 *   <li>RUNNING steps whose lease expired (their worker died), that have had no task published since the
 *       lease ran out (or none for {@code stale});</li>
 *   <li>QUEUED or RETRY steps that are due and whose task was last published (or queued) more than
 *       {@code stale} ago, unless a tile of the same run and step was claimed within {@code stale} or is running
 *       under a live lease: that step's backlog is still draining, so its waiting tasks are queued, not lost. (Without this, every task of a
 *       backlog longer than {@code stale}, e.g. thousands of extract tasks behind a few workers, was published again
 *       every {@code stale}, and each copy cost a consumer record and a claim that found nothing: a framework cost
 *       growing with the queue. A task really lost in a draining step is published once the step goes quiet.)</li>
 * </ul>
 * and, unless a task for the step is still waiting in the outbox, enqueues the task again. The workers' claim
 * decides what happens to it: the reconciler never changes a step's state, so a step it re-publishes needlessly
 * is merely a DUPLICATE. Rows are locked with {@code SKIP LOCKED}, so two coordinators do not collide.
 * A round reads what is in flight, never the history: the waiting and running steps
 * ({@code run_tile_unfinished_idx}, {@code run_tile_state_idx}), the claims within the stale time
 * ({@code run_tile_started_idx}) and the live leases ({@code run_tile_state_idx}) and the outbox rows still to send ({@code outbox_pending_task_idx}).
 * One {@link PeriodicRound}; {@link #close()} stops it.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int BATCH = 500;
    /**
     * No task of the step still to be sent (one the broker refused for good does not count: it will never arrive). One
     * probe of {@code outbox_pending_task_idx} per candidate step: the {@code OFFSET 0} keeps the planner from turning
     * the test into a join, which it planned as a nested loop over every pending outbox row (the table's statistics,
     * taken when few rows were pending, say one): 13 s for 11,571 queued steps against 3,000 pending rows at plan scale.
     */
    private static final String NO_PENDING_TASK = " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.published_at IS NULL"
            + " AND o.failed_at IS NULL AND o.step IS NOT NULL AND o.run_id = rt.run_id AND o.msg_key = rt.tile_id"
            + " AND o.step = rt.step OFFSET 0)";

    private static final String REQUEUE_SELECT = "SELECT rt.run_id, rt.tile_id, rt.step, rt.attempt, rt.trace_id,"
            + " t.plate_id, t.ra_deg, t.dec_deg FROM run_tile rt JOIN tile t ON t.tile_id = rt.tile_id WHERE ";
    private static final String REQUEUE_ORDER = NO_PENDING_TASK + " ORDER BY rt.updated_at LIMIT ? FOR UPDATE OF rt SKIP LOCKED";
    /** Running steps whose lease ran out, unless their task was just published again. */
    public static final String EXPIRED_LEASES = REQUEUE_SELECT + "rt.state = 'RUNNING' AND rt.lease_until < now()"
            + " AND (rt.published_at IS NULL OR rt.published_at < rt.lease_until"
            + "      OR rt.published_at < now() - ?::interval)" + REQUEUE_ORDER;
    /** Queued or retrying steps whose task was published (or queued) too long ago and never claimed. */
    public static final String STALE_QUEUED = REQUEUE_SELECT + "rt.state IN ('QUEUED', 'RETRY')"
            + " AND (rt.not_before IS NULL OR rt.not_before <= now())"
            + " AND coalesce(rt.published_at, rt.queued_at) < now() - ?::interval"
            // A run step that is still draining (one of its tiles was claimed within the stale time) is being served:
            // its waiting tasks are in the topic behind the others, and re-sending them every round would grow without
            // bound on the full plan's backlog.
            + " AND (rt.run_id, rt.step) NOT IN (SELECT d.run_id, d.step FROM run_tile d"
            + "      WHERE d.started_at > now() - ?::interval"
            // So is one with a tile running under a live lease: steps longer than the stale time (a full-path extraction
            // takes minutes) claim nothing new while their few workers are busy, and their queue is not lost either.
            + "      UNION ALL SELECT r.run_id, r.step FROM run_tile r WHERE r.state = 'RUNNING' AND r.lease_until > now())"
            + REQUEUE_ORDER;

    private final Database database;
    private final Duration interval;
    private final Duration stale;
    private final Counter leaseExpired;
    private final Counter staleQueued;
    private final PeriodicRound rounds;

    public Reconciler(Database database, Duration interval, Duration stale, MeterRegistry registry) {
        if (interval.isZero() || interval.isNegative() || stale.isNegative()) {
            throw new IllegalArgumentException("VASCO_RECONCILE_INTERVAL must be positive and VASCO_RECONCILE_STALE"
                    + " not negative, found " + interval + " and " + stale);
        }
        this.database = database;
        this.interval = interval;
        this.stale = stale;
        this.leaseExpired = Counter.builder(MetricNames.RECONCILER_REQUEUED).tag("cause", "lease_expired")
                .description("Tasks the reconciler published again").register(registry);
        this.staleQueued = Counter.builder(MetricNames.RECONCILER_REQUEUED).tag("cause", "stale")
                .description("Tasks the reconciler published again").register(registry);
        this.rounds = new PeriodicRound("reconciler", "Reconciliation round", LOG, this::reconcileOnce);
    }

    public Reconciler start() {
        rounds.start(interval, interval, "VASCO_RECONCILE_INTERVAL");
        LOG.info("Reconciler started: interval={} stale={}", interval, stale);
        return this;
    }

    /**
     * One round; returns how many tasks were enqueued again. Only one coordinator reconciles at a time: a round first
     * takes a transaction-scoped advisory lock and is skipped (0) when another coordinator's round holds it. Row locks
     * alone would not do: a round whose snapshot predates the other's commit can lock a row the other just released
     * and, not seeing the task it enqueued, enqueue it a second time.
     */
    public int reconcileOnce() throws SQLException {
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext('vasco.reconciler'))");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    LOG.debug("Another coordinator is reconciling; this round is skipped");
                    return 0;
                }
            }
            int expired = requeue(c, c.prepareStatement(EXPIRED_LEASES), "lease expired");
            int forgotten = requeue(c, c.prepareStatement(STALE_QUEUED), "stale");
            leaseExpired.increment(expired);
            staleQueued.increment(forgotten);
            return expired + forgotten;
        });
    }

    /** Runs one of the two selections (closing it) and enqueues each selected step again. */
    private int requeue(Connection c, PreparedStatement selection, String cause) throws SQLException {
        List<TileTask> tasks = new ArrayList<>();
        try (PreparedStatement ps = selection) {
            int staleParameters = ps.getParameterMetaData().getParameterCount() - 1;
            for (int i = 1; i <= staleParameters; i++) {
                ps.setString(i, stale.toMillis() + " milliseconds");
            }
            ps.setInt(staleParameters + 1, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tasks.add(new TileTask(TileTask.SCHEMA, rs.getString(1), TileId.of(rs.getString(2)), rs.getString(6),
                            rs.getDouble(7), rs.getDouble(8), Step.fromLabel(rs.getString(3)), rs.getInt(4) + 1, rs.getString(5)));
                }
            }
        }
        for (TileTask task : tasks) {
            Outbox.enqueueTask(c, task, Duration.ZERO);
            LOG.info("Re-published task ({}): step={} run={} tile={}", cause, task.step().label(), task.runId(), task.tileId());
        }
        return tasks.size();
    }

    @Override
    public void close() {
        rounds.close();
    }
}
