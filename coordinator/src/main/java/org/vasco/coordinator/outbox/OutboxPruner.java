package org.vasco.coordinator.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.db.Database;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.service.PeriodicRound;

/**
 * Deletes outbox rows published (or marked failed) longer than {@code retention} ago. A full run writes about 60,000
 * rows; kept for ever they would make every scan of the outbox, and its backups, grow with history. Each round deletes
 * in batches of {@link #BATCH} (one short transaction each, at most {@link #BATCHES_PER_ROUND} per round), found
 * through the partial indexes on {@code published_at} and {@code failed_at}; rows are locked {@code SKIP LOCKED}, so two
 * coordinators prune side by side without waiting on each other. Rows still to be sent are never touched.
 * {@link #start} runs a round every {@code interval} on one daemon thread; {@link #close()} stops it.
 */
public final class OutboxPruner implements AutoCloseable {

    /** Rows deleted per transaction. */
    public static final int BATCH = 5000;
    /** Transactions per round at most: 100,000 rows per round, far above what a cluster writes in one. */
    public static final int BATCHES_PER_ROUND = 20;

    private static final Logger LOG = LoggerFactory.getLogger(OutboxPruner.class);
    private static final String PRUNE = "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE published_at < now() - ?::interval"
            + " ORDER BY published_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED)";
    private static final String PRUNE_FAILED = "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
            + " WHERE failed_at < now() - ?::interval ORDER BY failed_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED)";

    private final Database database;
    private final Duration retention;
    private final Counter pruned;
    private final PeriodicRound rounds;

    public OutboxPruner(Database database, Duration retention, MeterRegistry registry) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("VASCO_OUTBOX_RETENTION must not be negative, found " + retention);
        }
        this.database = database;
        this.retention = retention;
        this.pruned = Counter.builder(MetricNames.OUTBOX_PRUNED)
                .description("Published or failed outbox rows deleted after VASCO_OUTBOX_RETENTION").register(registry);
        this.rounds = new PeriodicRound("outbox-pruner", "Outbox pruning", LOG, this::pruneOnce);
    }

    /** Prunes every {@code interval}; returns this. */
    public OutboxPruner start(Duration interval) {
        rounds.start(interval, interval, "The outbox pruning interval (VASCO_RECONCILE_INTERVAL)");
        return this;
    }

    /** One round; returns how many rows it deleted. */
    public int pruneOnce() throws SQLException {
        int deleted = prune(false) + prune(true);
        pruned.increment(deleted);
        if (deleted > 0) {
            LOG.info("Pruned {} outbox rows done with for longer than {}", deleted, retention);
        }
        return deleted;
    }

    /** Published rows, or failed ones, in batches. */
    private int prune(boolean failed) throws SQLException {
        int deleted = 0;
        for (int i = 0; i < BATCHES_PER_ROUND; i++) {
            int n = database.inTransaction(c -> {
                try (PreparedStatement ps = failed ? c.prepareStatement(PRUNE_FAILED) : c.prepareStatement(PRUNE)) {
                    ps.setString(1, retention.toMillis() + " milliseconds");
                    return ps.executeUpdate();
                }
            });
            deleted += n;
            if (n < BATCH) {
                break;
            }
        }
        return deleted;
    }

    @Override
    public void close() {
        rounds.close();
    }
}
