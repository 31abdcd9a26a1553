package org.vasco.common.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.db.Database;
import org.vasco.common.metrics.MetricNames;

/**
 * Sends due outbox rows to Kafka and marks them published: the second half of the transactional outbox.
 *
 * <p>Each round locks up to {@code batch} due rows ({@code FOR UPDATE SKIP LOCKED}, so several services can
 * publish side by side without sending a row twice in normal operation), sends them with an idempotent
 * producer ({@code acks=all}), waits for every acknowledgement, then stamps {@code outbox.published_at} and,
 * for task rows, {@code run_tile.published_at}, and commits. A crash between send and commit sends the rows
 * again: consumers treat that as the duplicate delivery they must tolerate anyway.
 *
 * <p>It survives broker and database outages: a failed round is logged, rolled back and retried after a
 * growing pause (up to 30 s). One background thread; {@link #close()} stops it and closes the producer.
 */
public final class OutboxPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Database database;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration idlePoll;
    private final int batch;
    private final Thread thread;
    private final Object wakeup = new Object();
    private final AtomicLong backlog = new AtomicLong();
    private final MeterRegistry registry;
    private volatile boolean running;
    /** Set by {@link #wake()}, cleared when a round starts: a wake-up during a round is not lost. */
    private boolean woken;

    public OutboxPublisher(Database database, KafkaConnection kafka, Duration idlePoll, int batch, MeterRegistry registry) {
        if (batch < 1) {
            throw new IllegalArgumentException("The outbox batch must be at least 1, found " + batch);
        }
        this.database = database;
        this.idlePoll = idlePoll;
        this.batch = batch;
        this.registry = registry;
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        props.put("delivery.timeout.ms", "30000");
        props.put("request.timeout.ms", "10000");
        props.put("max.block.ms", "10000");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        Gauge.builder(MetricNames.OUTBOX_BACKLOG, backlog, AtomicLong::get)
                .description("Outbox rows due and not yet published").register(registry);
        this.thread = new Thread(this::run, "outbox-publisher");
        this.thread.setDaemon(true);
    }

    /** The producer, for client metrics. */
    public KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    public OutboxPublisher start() {
        running = true;
        thread.start();
        return this;
    }

    /**
     * Starts the next round now instead of after the idle poll: called when this process has just committed outbox
     * rows (a finished step queues its successor), so the next step does not wait up to {@code VASCO_OUTBOX_POLL}.
     * The poll stays as the fallback for rows written by other processes. Cheap; any thread.
     */
    public void wake() {
        synchronized (wakeup) {
            woken = true;
            wakeup.notifyAll();
        }
    }

    private void run() {
        Duration backoff = idlePoll;
        while (running) {
            try {
                synchronized (wakeup) {
                    woken = false;
                }
                int sent = publishRound();
                backoff = idlePoll;
                if (sent < batch) {
                    pause(idlePoll);
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warn("Outbox publishing failed; retrying in {} ms: {}", backoff.toMillis(), e.toString());
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    /** Publishes one batch of due rows; returns how many were sent. */
    int publishRound() throws SQLException, InterruptedException {
        return database.inTransaction(c -> {
            List<Row> rows = lockDue(c);
            if (rows.isEmpty()) {
                backlog.set(0);
                return 0;
            }
            List<Future<?>> acks = new ArrayList<>(rows.size());
            for (Row r : rows) {
                acks.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), r.payload().getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            for (Future<?> ack : acks) {
                try {
                    ack.get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for the broker; outbox batch rolled back", e);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new SQLException("the broker did not acknowledge an outbox message; batch rolled back: " + e, e);
                }
            }
            markPublished(c, rows);
            backlog.set(countDue(c));
            for (Row r : rows) {
                Counter.builder(MetricNames.OUTBOX_PUBLISHED).tag("topic", r.topic())
                        .description("Outbox rows published to Kafka").register(registry).increment();
            }
            return rows.size();
        });
    }

    private List<Row> lockDue(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, topic, msg_key, payload, run_id, step FROM outbox"
                        + " WHERE published_at IS NULL AND available_at <= now() ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, batch);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return rows;
        }
    }

    private static void markPublished(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement outbox = c.prepareStatement("UPDATE outbox SET published_at = now() WHERE id = ?");
             PreparedStatement runTile = c.prepareStatement(
                     "UPDATE run_tile SET published_at = now() WHERE run_id = ? AND tile_id = ? AND step = ?")) {
            for (Row r : rows) {
                outbox.setLong(1, r.id());
                outbox.addBatch();
                if (r.runId() != null && r.step() != null) {
                    runTile.setString(1, r.runId());
                    runTile.setString(2, r.key());
                    runTile.setString(3, r.step());
                    runTile.addBatch();
                }
            }
            outbox.executeBatch();
            runTile.executeBatch();
        }
    }

    private static long countDue(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM outbox WHERE published_at IS NULL AND available_at <= now()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void pause(Duration d) {
        synchronized (wakeup) {
            if (running && !woken) {
                try {
                    wakeup.wait(Math.max(1, d.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(40).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    private record Row(long id, String topic, String key, String payload, String runId, String step) {
    }
}
