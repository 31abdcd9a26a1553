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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.db.Database;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.text.UntrustedText;

/**
 * Sends due outbox rows to Kafka and marks them published: the second half of the transactional outbox.
 *
 * <p>Each round locks up to {@code batch} due rows ({@code FOR UPDATE SKIP LOCKED}, so several services can
 * publish side by side without sending a row twice in normal operation), sends them with an idempotent
 * producer ({@code acks=all}), each topic's records to its share group's members in turn ({@link PartitionRotation}),
 * waits for every acknowledgement, then settles each row on its own and commits:
 * <ul>
 *   <li>acknowledged: {@code outbox.published_at} and, for task rows, {@code run_tile.published_at} are stamped;</li>
 *   <li>refused for good ({@link SendFailure#permanent()}: larger than the producer's {@code max.request.size}, a topic
 *       that does not exist or that the service may not write): {@code outbox.failed_at} and {@code outbox.failure} are
 *       set, the row is never tried again (the reconciler re-queues a task whose row failed, once its step has waited
 *       {@code VASCO_RECONCILE_STALE}), {@code vasco_outbox_failed_total{reason}} counts it and {@code vasco status}
 *       lists it;</li>
 *   <li>refused for a passing reason while other rows of the round went through: {@code outbox.attempts} grows and the
 *       row waits a backoff of its own (1 s, doubling, at most 30 s) in {@code available_at}; the rows that went through
 *       are not sent again.</li>
 * </ul>
 * A round in which nothing went through and nothing failed for good (the broker is down) is rolled back and retried
 * after a growing pause (up to 30 s), as is a round the database failed. A crash between send and commit sends the rows
 * again: consumers treat that as the duplicate delivery they must tolerate anyway.
 *
 * <p>One background thread. {@link #close()} stops it, then keeps publishing what is due for up to
 * {@link #CLOSE_FLUSH} (the tasks of the steps this service finished while shutting down go out now, not when another
 * service's publisher or the reconciler finds them), then closes the producer.
 */
public final class OutboxPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration ROW_BACKOFF = Duration.ofSeconds(1);
    /** How long {@link #close()} keeps publishing the rows that are due. */
    public static final Duration CLOSE_FLUSH = Duration.ofSeconds(10);
    /** How old the share groups' assignments the records are spread by may be (members join and leave as pods scale). */
    private static final Duration ASSIGNMENTS_REFRESH = Duration.ofSeconds(5);

    private final Database database;
    private final KafkaConnection kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final PartitionRotation partitions;
    private final Duration idlePoll;
    private final int batch;
    private final Duration sendTimeout;
    private final Thread thread;
    private final Object wakeup = new Object();
    private final AtomicLong backlog = new AtomicLong();
    private final MeterRegistry registry;
    private final Map<SendFailure.Reason, Counter> failed = new EnumMap<>(SendFailure.Reason.class);
    private Admin admin;
    private volatile boolean running;
    /** Set by {@link #wake()}, cleared when a round starts: a wake-up during a round is not lost. */
    private boolean woken;

    /**
     * @param idlePoll    how long to wait for new rows after a round that found less than a batch
     * @param batch       rows per round (one transaction)
     * @param sendTimeout how long the broker may take to acknowledge a row before it counts as not sent
     *                    ({@code delivery.timeout.ms}; the producer's request and metadata waits are half of it, at most
     *                    10 s); at least 2 s
     */
    public OutboxPublisher(Database database, KafkaConnection kafka, Duration idlePoll, int batch, Duration sendTimeout,
                           MeterRegistry registry) {
        if (batch < 1) {
            throw new IllegalArgumentException("The outbox batch must be at least 1, found " + batch);
        }
        if (sendTimeout.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("The outbox send timeout must be at least 2 s, found " + sendTimeout);
        }
        this.database = database;
        this.kafka = kafka;
        this.idlePoll = idlePoll;
        this.batch = batch;
        this.sendTimeout = sendTimeout;
        this.registry = registry;
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        long wait = Math.min(10_000, sendTimeout.toMillis() / 2);
        props.put("delivery.timeout.ms", Long.toString(sendTimeout.toMillis()));
        props.put("request.timeout.ms", Long.toString(wait));
        props.put("max.block.ms", Long.toString(wait));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.partitions = new PartitionRotation(topic -> producer.partitionsFor(topic).size(),
                new ShareGroupAssignments(this::admin, ASSIGNMENTS_REFRESH)::servers);
        Gauge.builder(MetricNames.OUTBOX_BACKLOG, backlog, AtomicLong::get)
                .description("Outbox rows due and not yet published").register(registry);
        // Registered at zero, so an alert on its increase works from the first failure on.
        for (SendFailure.Reason reason : SendFailure.Reason.permanentOnes()) {
            failed.put(reason, Counter.builder(MetricNames.OUTBOX_FAILED).tag("reason", reason.label())
                    .description("Outbox rows the broker refused for good, marked failed and never sent").register(registry));
        }
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
                int handled = publishRound();
                backoff = idlePoll;
                if (handled < batch) {
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

    /** Publishes one batch of due rows; returns how many rows it settled (published, failed or put back). */
    int publishRound() throws SQLException, InterruptedException {
        return database.inTransaction(c -> {
            List<Row> rows = lockDue(c);
            if (rows.isEmpty()) {
                backlog.set(0);
                return 0;
            }
            List<Outcome> outcomes = send(rows);
            List<Row> published = new ArrayList<>();
            List<Outcome> refused = new ArrayList<>();
            List<Outcome> passing = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (o.failure() == null) {
                    published.add(o.row());
                } else if (o.failure().permanent()) {
                    refused.add(o);
                } else {
                    passing.add(o);
                }
            }
            if (published.isEmpty() && refused.isEmpty()) {
                throw new SQLException("the broker took none of " + rows.size() + " outbox rows; round rolled back: "
                        + passing.get(0).failure().error());
            }
            markPublished(c, published);
            markFailed(c, refused);
            putBack(c, passing);
            backlog.set(countDue(c));
            for (Row r : published) {
                Counter.builder(MetricNames.OUTBOX_PUBLISHED).tag("topic", r.topic())
                        .description("Outbox rows published to Kafka").register(registry).increment();
            }
            for (Outcome o : refused) {
                failed.get(o.failure().reason()).increment();
                LOG.warn("Outbox row {} (topic {}, key {}) can never be sent and is marked failed: {}", o.row().id(),
                        UntrustedText.quoted(o.row().topic()), UntrustedText.quoted(o.row().key()), o.failure().describe());
            }
            for (Outcome o : passing) {
                LOG.info("Outbox row {} (topic {}) not sent, tried again later: {}", o.row().id(),
                        UntrustedText.quoted(o.row().topic()), o.failure().error());
            }
            return rows.size();
        });
    }

    /**
     * Sends every row and waits for each acknowledgement. Once a topic is known to be missing, the round's other rows
     * for it are not sent: each would wait {@code max.block.ms} for metadata that never comes.
     */
    private List<Outcome> send(List<Row> rows) throws SQLException {
        Map<String, SendFailure> missing = new HashMap<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        List<Outcome> outcomes = new ArrayList<>(rows.size());
        for (Row r : rows) {
            SendFailure known = missing.get(r.topic());
            Future<RecordMetadata> ack = null;
            if (known == null) {
                try {
                    ack = producer.send(new ProducerRecord<>(r.topic(), partitions.next(r.topic(), r.id()), r.key(),
                            r.payload().getBytes(StandardCharsets.UTF_8)));
                } catch (KafkaException e) {
                    // Thrown by the partition count too, which waits for the topic's metadata as a send would.
                    known = SendFailure.of(e, r.topic(), this::topicMissing);
                    if (known.reason() == SendFailure.Reason.TOPIC_MISSING) {
                        missing.put(r.topic(), known);
                    }
                }
                if (ack != null && ack.isDone()) {
                    // Refused before it left (too large, no metadata): found out now, so a missing topic is asked once.
                    SendFailure early = failureOf(r, ack, Duration.ZERO);
                    if (early != null) {
                        known = early;
                        ack = null;
                        if (early.reason() == SendFailure.Reason.TOPIC_MISSING) {
                            missing.put(r.topic(), early);
                        }
                    }
                }
            }
            acks.add(ack);
            outcomes.add(new Outcome(r, known));
        }
        producer.flush();
        for (int i = 0; i < rows.size(); i++) {
            if (acks.get(i) != null) {
                outcomes.set(i, new Outcome(rows.get(i), failureOf(rows.get(i), acks.get(i), sendTimeout.plusSeconds(5))));
            }
        }
        return outcomes;
    }

    /** The send's failure, or null when the broker acknowledged it. */
    private SendFailure failureOf(Row r, Future<RecordMetadata> ack, Duration wait) throws SQLException {
        try {
            ack.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the broker; outbox round rolled back", e);
        } catch (ExecutionException e) {
            return SendFailure.of(e, r.topic(), this::topicMissing);
        } catch (java.util.concurrent.TimeoutException e) {
            return new SendFailure(SendFailure.Reason.TRANSIENT, "no acknowledgement within " + wait.toSeconds() + " s");
        }
    }

    /** The admin client, opened on first use (most publishers never need it). */
    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(new HashMap<>(kafka.clientProperties()));
        }
        return admin;
    }

    /** Asks the broker whether {@code topic} exists; false (not known to be missing) when it cannot answer. */
    private boolean topicMissing(String topic) {
        try {
            admin().describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            return e.getCause() instanceof UnknownTopicOrPartitionException;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            return false;
        }
    }

    private List<Row> lockDue(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, topic, msg_key, payload, run_id, step, attempts FROM outbox WHERE published_at IS NULL"
                        + " AND failed_at IS NULL AND available_at <= now() ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, batch);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7)));
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

    private static void markFailed(Connection c, List<Outcome> refused) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET failed_at = now(), failure = ? WHERE id = ?")) {
            for (Outcome o : refused) {
                ps.setString(1, o.failure().describe());
                ps.setLong(2, o.row().id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Rows that failed for a passing reason wait a backoff of their own: 1 s, doubling per attempt, at most 30 s. */
    private static void putBack(Connection c, List<Outcome> passing) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET attempts = attempts + 1,"
                + " available_at = now() + ?::interval WHERE id = ?")) {
            for (Outcome o : passing) {
                int shift = Math.min(o.row().attempts(), 5);
                Duration wait = ROW_BACKOFF.multipliedBy(1L << shift);
                ps.setString(1, StepClaims.interval(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait));
                ps.setLong(2, o.row().id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static long countDue(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM outbox WHERE published_at IS NULL AND failed_at IS NULL AND available_at <= now()");
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

    /** Stops the thread, publishes what is due for up to {@link #CLOSE_FLUSH}, then closes the producer. */
    @Override
    public void close() {
        running = false;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(40).toMillis());
            flush(System.nanoTime() + CLOSE_FLUSH.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Rounds until a round finds less than a batch due, or the deadline passes; a failed round ends it. */
    private void flush(long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            try {
                if (publishRound() < batch) {
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Outbox rows still due at shutdown stay for the next publisher: {}", e.toString());
                return;
            }
        }
    }

    private record Row(long id, String topic, String key, String payload, String runId, String step, int attempts) {
    }

    /** A row and why it was not sent; {@code failure} is null when it was. */
    private record Outcome(Row row, SendFailure failure) {
    }
}
