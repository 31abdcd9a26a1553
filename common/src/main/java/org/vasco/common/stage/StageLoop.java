package org.vasco.common.stage;

import static org.vasco.common.text.UntrustedText.MESSAGE_CAP;
import static org.vasco.common.text.UntrustedText.VALUE_CAP;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.db.Database;
import org.vasco.common.task.Step;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TaskCodec.MalformedTaskException;
import org.vasco.common.task.TileTask;
import org.vasco.common.text.UntrustedText;

/**
 * Runs one {@link TileStage} on the tasks of its topic: the consumer loop every worker shares.
 *
 * <h2>Delivery guarantees</h2>
 * Kafka is only a doorbell; PostgreSQL ({@code run_tile}) is the truth. For every task message:
 * <ol>
 *   <li>the message is decoded and validated; a malformed body, an unknown schema version or a task for
 *       another step is dead-lettered at once (outcome MALFORMED), never retried, and the loop goes on;</li>
 *   <li>the step is claimed by one conditional UPDATE ({@link StepClaims#claim}); when nothing is claimable
 *       (already done, running under a live lease elsewhere, a retry not yet due) the message is a
 *       DUPLICATE and only its offset is committed: a task delivered twice has its effect once;</li>
 *   <li>while the stage runs, its lease is renewed every third of {@code VASCO_LEASE}, fenced on owner and
 *       attempt; a worker that dies stops renewing, the lease expires and the coordinator's reconciler
 *       publishes the task again for another worker to claim;</li>
 *   <li>the result is committed in one transaction, fenced the same way: DONE (metrics, the stage's database
 *       effects, the next step's row and outbox task), SKIPPED (final), RETRY (a transient failure with
 *       attempts left: {@code not_before} and a delayed outbox task, backoff·2^(attempt-1); nothing sleeps)
 *       or FAILED (permanent, or out of attempts: error class, message and a dead letter on
 *       {@code vasco.tile.dlq}). A lost fence discards the result (RELEASED);</li>
 *   <li>only after that transaction commits is the offset committed, from the poll thread. A crash between
 *       the two redelivers the message, which then is a DUPLICATE. When the database cannot be reached the
 *       offset is not committed: the record is fetched again after a pause.</li>
 * </ol>
 * Effects are therefore exactly-once per (run, tile, step) in the database, and at-least-once in Kafka.
 * Stage artefacts must be written atomically and idempotently, because an attempt whose worker died may be
 * repeated by another.
 *
 * <h2>Threads</h2>
 * One poll thread owns the {@link KafkaConsumer}. Each record is handed to a pool of
 * {@code VASCO_CONCURRENCY} stage threads; its partition stays paused while it is processed (so at most one
 * record per partition is in flight and tile order per key holds), and every partition is paused while the
 * pool is full. The poll thread keeps polling meanwhile, so a step that runs for minutes never trips
 * {@code max.poll.interval.ms}. Completions come back through a queue; the poll thread commits offset+1
 * and resumes the partition.
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} once; {@link #close()} stops taking records, lets running steps finish within the shutdown
 * grace, then interrupts them: a stage that returns with {@link InterruptedException} has its claim released
 * (RETRY due now, the attempt not counted) and its task put back in the outbox. Offsets of finished records are
 * committed and the consumer leaves its group. {@link #crash()} is for tests: it stops everything without
 * writing or committing anything, as a killed process would.
 */
public final class StageLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StageLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** While steps run, poll briefly so a finished step's offset is committed and its partition resumed promptly. */
    private static final Duration POLL_BUSY = Duration.ofMillis(20);
    private static final Duration DATABASE_PAUSE = Duration.ofSeconds(2);
    private static final int MAX_POLL_FAILURES = 50;

    private final TileStage stage;
    private final Database database;
    private final StepClaims claims;
    private final LoopSettings settings;
    private final StepMetrics metrics;
    private final Clock clock;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ExecutorService stageThreads;
    private final ScheduledExecutorService leaseRenewal;
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final Thread pollThread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger assignedPartitions = new AtomicInteger();

    // Owned by the poll thread only.
    private final Map<TopicPartition, Long> inFlight = new HashMap<>();
    private final Map<TopicPartition, Long> heldUntilNanos = new HashMap<>();

    private volatile Runnable afterCommit = () -> { };
    private volatile boolean stopping;
    private volatile boolean crashed;
    private volatile boolean started;
    /** Set when the poll thread ended without {@link #close()} or {@link #crash()}: the worker idles until restarted. */
    private volatile boolean died;

    public StageLoop(TileStage stage, Database database, KafkaConnection kafka, LoopSettings settings,
                     StepMetrics metrics, Clock clock) {
        this.stage = stage;
        this.database = database;
        this.claims = new StepClaims(settings.lease());
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put("group.id", settings.groupId());
        props.put("client.id", "vasco-" + stage.step().label() + "-" + settings.owner().replaceAll("[^A-Za-z0-9._-]", "_"));
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", settings.offsetReset());
        props.put("max.poll.interval.ms", Long.toString(settings.maxPollInterval().toMillis()));
        props.put("max.poll.records", Integer.toString(Math.max(settings.concurrency(), 10)));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        AtomicInteger n = new AtomicInteger();
        String name = "stage-" + stage.step().label();
        this.stageThreads = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.leaseRenewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-lease");
            t.setDaemon(true);
            return t;
        });
        this.pollThread = new Thread(this::pollLoop, name + "-poll");
        metrics.consumeLoop(this::hasDied);
    }

    /** The consumer, for client metrics (it is not thread-safe: only read its metrics). */
    public KafkaConsumer<String, byte[]> consumer() {
        return consumer;
    }

    public LoopSettings settings() {
        return settings;
    }

    public StageLoop start() {
        if (started) {
            throw new IllegalStateException("The stage loop of " + stage.step().label() + " is already started");
        }
        started = true;
        pollThread.start();
        return this;
    }

    /**
     * Runs {@code nudge} on the stage thread after each transaction that settled a step (DONE, SKIPPED, RETRY,
     * FAILED, released), i.e. after it wrote outbox rows: the worker wakes its outbox publisher with it, so the
     * next step's task leaves at once rather than at the publisher's next idle poll. Set before {@link #start()}.
     */
    public StageLoop afterCommit(Runnable nudge) {
        this.afterCommit = Objects.requireNonNull(nudge, "nudge");
        return this;
    }

    /** True once the consumer holds partitions with resolved positions: records produced from now on are seen. */
    public boolean isConsuming() {
        return assignedPartitions.get() > 0;
    }

    /** True while the poll thread runs. */
    public boolean isRunning() {
        return started && finished.getCount() > 0;
    }

    /**
     * True when the poll thread has stopped although nobody asked it to (repeated broker errors, an unexpected
     * error or wake-up): nothing consumes this step's topic any more and the process cannot recover by itself, so
     * liveness fails and the gauge {@code vasco_stage_loop_dead} is 1.
     */
    public boolean hasDied() {
        return died;
    }

    @Override
    public void close() {
        stopping = true;
        if (!started) {
            consumer.close();
            shutdownExecutors();
            return;
        }
        awaitPollThread(settings.shutdownGrace().plusSeconds(30));
    }

    /** Stops abruptly, releasing nothing and committing nothing, as a killed process would (tests). */
    public void crash() {
        crashed = true;
        stopping = true;
        stageThreads.shutdownNow();
        leaseRenewal.shutdownNow();
        consumer.wakeup();
        if (started) {
            awaitPollThread(Duration.ofSeconds(30));
        }
    }

    private void awaitPollThread(Duration limit) {
        try {
            if (!finished.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("The {} stage loop did not stop within {}", stage.step().label(), limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- poll thread

    private void pollLoop() {
        try {
            consumer.subscribe(List.of(stage.step().topic()), new Rebalances());
            LOG.info("Stage loop for {} started: topic={} group={} owner={} concurrency={}", stage.step().label(),
                    stage.step().topic(), settings.groupId(), settings.owner(), settings.concurrency());
            int failuresInARow = 0;
            while (!stopping) {
                try {
                    settleCompletions();
                    adjustPauses();
                    dispatch(consumer.poll(inFlight.isEmpty() ? POLL : POLL_BUSY));
                    failuresInARow = 0;
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Broker trouble is usually retriable inside the client; what escapes is logged and the loop
                    // goes on, unless it repeats without a single good poll (then readiness reports the dead loop).
                    if (++failuresInARow >= MAX_POLL_FAILURES) {
                        throw e;
                    }
                    LOG.warn("Polling {} failed ({} in a row): {}", stage.step().topic(), failuresInARow, e.toString());
                }
            }
            if (!crashed) {
                drainGracefully();
            }
        } catch (WakeupException e) {
            if (!crashed) {
                LOG.error("The {} stage loop was woken up unexpectedly", stage.step().label(), e);
            }
        } catch (RuntimeException e) {
            LOG.error("The {} stage loop stopped on an unexpected error", stage.step().label(), e);
        } finally {
            died = !stopping && !crashed;
            shutdownExecutors();
            try {
                consumer.close(CloseOptions.timeout(crashed ? Duration.ZERO : Duration.ofSeconds(10)));
            } catch (RuntimeException e) {
                LOG.warn("Closing the {} consumer failed: {}", stage.step().label(), e.toString());
            }
            assignedPartitions.set(0);
            finished.countDown();
            LOG.info("Stage loop for {} stopped{}", stage.step().label(), crashed ? " (crashed)" : "");
        }
    }

    /** Shutdown: take nothing new, let running steps finish within the grace, then interrupt them (release). */
    private void drainGracefully() {
        stageThreads.shutdown();
        long graceEnd = System.nanoTime() + settings.shutdownGrace().toNanos();
        waitForInFlight(graceEnd);
        if (!inFlight.isEmpty()) {
            LOG.info("Shutdown grace of {} is over: interrupting {} running step(s) of {} to release their claims",
                    settings.shutdownGrace(), inFlight.size(), stage.step().label());
            stageThreads.shutdownNow();
            waitForInFlight(System.nanoTime() + Duration.ofSeconds(20).toNanos());
        }
        settleCompletions();
    }

    private void waitForInFlight(long untilNanos) {
        while (!inFlight.isEmpty() && System.nanoTime() < untilNanos && !crashed) {
            consumer.pause(consumer.assignment());
            consumer.poll(POLL_BUSY); // keeps the group membership alive; everything is paused
            settleCompletions();
        }
    }

    private void dispatch(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
            ConsumerRecord<String, byte[]> first = batch.get(0);
            if (stopping || inFlight.containsKey(partition) || inFlight.size() >= settings.concurrency()) {
                consumer.seek(partition, first.offset()); // fetched again when there is room
                consumer.pause(List.of(partition));
                continue;
            }
            inFlight.put(partition, first.offset());
            consumer.pause(List.of(partition));
            if (batch.size() > 1) {
                consumer.seek(partition, first.offset() + 1);
            }
            stageThreads.execute(() -> handle(partition, first));
        }
    }

    /** Pauses every partition while the pool is full; otherwise resumes those with nothing in flight. */
    private void adjustPauses() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (stopping || inFlight.size() >= settings.concurrency()) {
            consumer.pause(assigned);
            return;
        }
        long now = System.nanoTime();
        heldUntilNanos.values().removeIf(until -> until - now <= 0);
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition p : assigned) {
            if (!inFlight.containsKey(p) && !heldUntilNanos.containsKey(p)) {
                resume.add(p);
            }
        }
        consumer.resume(resume);
    }

    private void settleCompletions() {
        Completion done;
        while ((done = completions.poll()) != null) {
            inFlight.remove(done.partition());
            if (crashed || !consumer.assignment().contains(done.partition())) {
                continue; // the partition moved to another worker; it will see the message and find it settled
            }
            if (!done.commit()) {
                consumer.seek(done.partition(), done.offset());
                heldUntilNanos.put(done.partition(), System.nanoTime() + DATABASE_PAUSE.toNanos());
                continue;
            }
            try {
                consumer.commitSync(Map.of(done.partition(), new OffsetAndMetadata(done.offset() + 1)));
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                // Harmless: the record will be delivered again and found settled (DUPLICATE).
                LOG.warn("Offset commit of {}@{} failed: {}", done.partition(), done.offset() + 1, e.toString());
            }
        }
    }

    private void shutdownExecutors() {
        leaseRenewal.shutdownNow();
        stageThreads.shutdownNow();
    }

    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty() && !stopping) {
                metrics.rebalanced();
                LOG.info("Partitions of {} revoked: {}", stage.step().label(), partitions);
            }
            assignedPartitions.set(0);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Set<TopicPartition> busy = new HashSet<>(partitions);
            busy.retainAll(inFlight.keySet());
            consumer.pause(busy); // a record of these is still being processed here
            try {
                for (TopicPartition p : partitions) {
                    consumer.position(p); // resolve the start offset now, so isConsuming() means "sees new records"
                }
            } catch (KafkaException e) {
                if (e instanceof WakeupException) {
                    throw e;
                }
                LOG.warn("Start offsets of {} not resolved yet (the next poll resolves them): {}", partitions, e.toString());
            }
            assignedPartitions.set(consumer.assignment().size());
            if (!partitions.isEmpty()) {
                LOG.info("Partitions of {} assigned: {} partition(s)", stage.step().label(), partitions.size());
            }
        }
    }

    // ---------------------------------------------------------------- stage threads

    private void handle(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        long start = System.nanoTime();
        Handled handled = null;
        try {
            handled = process(record);
        } catch (SQLException e) {
            handled = new Handled(StepOutcome.RELEASED, null, 0, "DATABASE_UNAVAILABLE", false);
            LOG.warn("Database unavailable while handling {}@{}; the record will be fetched again: {}",
                    partition, record.offset(), e.toString());
        } catch (RuntimeException | Error e) {
            handled = new Handled(StepOutcome.RELEASED, null, 0, "LOOP_ERROR", false);
            LOG.error("Unexpected error while handling {}@{}; the record will be fetched again", partition, record.offset(), e);
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (handled == null) {
                handled = new Handled(StepOutcome.RELEASED, null, 0, "LOOP_ERROR", false);
            }
            if (handled.commit() && handled.outcome() != StepOutcome.DUPLICATE) {
                afterCommit.run();
            }
            logOutcome(record, handled, took);
            metrics.completed(handled.outcome(), took);
            completions.add(new Completion(partition, record.offset(), handled.commit()));
        }
    }

    private Handled process(ConsumerRecord<String, byte[]> record) throws SQLException {
        TileTask task;
        try {
            task = TaskCodec.decode(record.value());
            if (task.step() != stage.step()) {
                throw new MalformedTaskException("a task for step '" + task.step().label() + "' arrived on "
                        + stage.step().topic() + ", the topic of step '" + stage.step().label() + "'");
            }
        } catch (MalformedTaskException e) {
            return deadLetterMalformed(record, e);
        }
        if (crashed) {
            return Handled.crashed(task);
        }
        Optional<Claim> claimed = database.inTransaction(c -> claims.claim(c, task, settings.owner()));
        if (claimed.isEmpty()) {
            metrics.claim("duplicate");
            return new Handled(StepOutcome.DUPLICATE, task, 0, null, true);
        }
        Claim claim = claimed.get();
        if (claim.attempt() > settings.maxAttempts()) {
            metrics.claim("lease_exhausted");
            return fail(claim, "LEASE_EXPIRED", "LeaseExpired",
                    "the lease of this step expired on each of its " + settings.maxAttempts()
                            + " attempts: the workers running it stopped without finishing (killed or out of memory?)");
        }
        metrics.claim("claimed");
        return runClaimed(claim);
    }

    private Handled runClaimed(Claim claim) throws SQLException {
        AtomicBoolean leaseLost = new AtomicBoolean();
        long every = Math.max(100, settings.lease().toMillis() / 3);
        ScheduledFuture<?> renewal = leaseRenewal.scheduleAtFixedRate(() -> renew(claim, leaseLost), every, every,
                TimeUnit.MILLISECONDS);
        StageResult result;
        try {
            result = stage.run(new StageContext(claim.task(), claim.attempt(), clock, claim.graph(), claim.profile()));
        } catch (InterruptedException e) {
            Thread.interrupted(); // the database work below must not be interrupted
            return release(claim, "SHUTDOWN");
        } catch (StageException e) {
            // The type decides (STYLE.md §3): permanent failures are final, transient ones retry.
            if (e instanceof PermanentStageException) {
                return fail(claim, e.reason(), e.getClass().getName(), describe(e));
            }
            return retryOrFail(claim, e.reason(), e);
        } catch (RuntimeException e) {
            // A stage bug or an unclassified library failure: treated as transient, recorded by class.
            return retryOrFail(claim, "UNEXPECTED_" + e.getClass().getSimpleName(), e);
        } finally {
            renewal.cancel(false);
        }
        boolean interrupted = Thread.interrupted();
        try {
            if (crashed) {
                return Handled.crashed(claim.task());
            }
            boolean held = database.inTransaction(c -> claims.complete(c, claim, result));
            if (!held) {
                LOG.warn("step={} run={} tile={}: lease lost before completion; result discarded (another worker owns the step)",
                        stage.step().label(), claim.task().runId(), claim.task().tileId());
                return new Handled(StepOutcome.RELEASED, claim.task(), claim.attempt(), "LEASE_LOST", true);
            }
            return new Handled(result.outcome(), claim.task(), claim.attempt(), result.reason(), true);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void renew(Claim claim, AtomicBoolean lost) {
        if (crashed || lost.get()) {
            return;
        }
        try {
            if (!database.inTransaction(c -> claims.renew(c, claim))) {
                lost.set(true);
                LOG.warn("step={} run={} tile={}: lease lost while running attempt {}", stage.step().label(),
                        claim.task().runId(), claim.task().tileId(), claim.attempt());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not renew the lease of {} {} (will try again): {}", claim.task().tileId(),
                    stage.step().label(), e.toString());
        }
    }

    private Handled retryOrFail(Claim claim, String reason, Exception error) throws SQLException {
        if (claim.attempt() >= settings.maxAttempts()) {
            return fail(claim, reason, error.getClass().getName(), describe(error));
        }
        if (crashed) {
            return Handled.crashed(claim.task());
        }
        Duration delay = settings.backoffAfter(claim.attempt());
        boolean held = database.inTransaction(c -> claims.scheduleRetry(c, claim, reason, error, delay));
        if (!held) {
            return new Handled(StepOutcome.RELEASED, claim.task(), claim.attempt(), "LEASE_LOST", true);
        }
        LOG.warn("Retry scheduled: step={} run={} tile={} attempt={} of {} next_in_ms={} reason={} error={}: {}",
                stage.step().label(), claim.task().runId(), claim.task().tileId(), claim.attempt(),
                settings.maxAttempts(), delay.toMillis(), reason, error.getClass().getName(),
                UntrustedText.printable(error.getMessage(), MESSAGE_CAP));
        return new Handled(StepOutcome.RETRY, claim.task(), claim.attempt(), reason, true);
    }

    private Handled fail(Claim claim, String reason, String errorClass, String message) throws SQLException {
        if (crashed) {
            return Handled.crashed(claim.task());
        }
        DeadLetter letter = DeadLetter.forTask(claim.task(), reason, errorClass, message, clock.instant(),
                claim.attempt(), settings.owner());
        boolean held = database.inTransaction(c -> claims.fail(c, claim, letter));
        if (!held) {
            return new Handled(StepOutcome.RELEASED, claim.task(), claim.attempt(), "LEASE_LOST", true);
        }
        metrics.deadLettered();
        LOG.warn("Dead-lettered: step={} run={} tile={} attempts={} reason={} error={}: {}", stage.step().label(),
                claim.task().runId(), claim.task().tileId(), claim.attempt(), reason, errorClass, message);
        return new Handled(StepOutcome.FAILED, claim.task(), claim.attempt(), reason, true);
    }

    private Handled release(Claim claim, String reason) throws SQLException {
        if (crashed) {
            return Handled.crashed(claim.task());
        }
        database.inTransaction(c -> claims.release(c, claim));
        return new Handled(StepOutcome.RELEASED, claim.task(), claim.attempt(), reason, true);
    }

    private Handled deadLetterMalformed(ConsumerRecord<String, byte[]> record, MalformedTaskException e) throws SQLException {
        if (crashed) {
            return Handled.crashed(null);
        }
        String raw = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        String why = UntrustedText.printable(e.getMessage(), MESSAGE_CAP);
        DeadLetter letter = DeadLetter.forMalformed(record.key(), stage.step().label(), raw, why, clock.instant(),
                settings.owner());
        database.inTransaction(c -> {
            Outbox.enqueue(c, Step.DLQ_TOPIC, letter.key(), letter.toJson(), Duration.ZERO);
            return null;
        });
        metrics.deadLettered();
        LOG.warn("Dead-lettered malformed message: step={} partition={} offset={} key={}: {}", stage.step().label(),
                record.partition(), record.offset(), UntrustedText.printable(record.key(), VALUE_CAP), why);
        return new Handled(StepOutcome.MALFORMED, null, 0, "MALFORMED", true);
    }

    private static String describe(Throwable e) {
        return UntrustedText.printable(e.getCause() == null ? String.valueOf(e.getMessage())
                : e.getMessage() + " (cause: " + e.getCause() + ")", MESSAGE_CAP);
    }

    private void logOutcome(ConsumerRecord<String, byte[]> record, Handled h, Duration took) {
        String run = h.task() == null ? "-" : h.task().runId();
        String tile = h.task() == null ? UntrustedText.printable(record.key(), VALUE_CAP) : h.task().tileId();
        if (h.reason() == null) {
            LOG.info("step={} run={} tile={} outcome={} attempt={} duration_ms={}", stage.step().label(), run, tile,
                    h.outcome(), h.attempt(), took.toMillis());
        } else {
            LOG.info("step={} run={} tile={} outcome={} attempt={} duration_ms={} reason={}", stage.step().label(), run,
                    tile, h.outcome(), h.attempt(), took.toMillis(), h.reason());
        }
    }

    /** What handling one record came to; {@code commit} false leaves the offset for a later redelivery. */
    private record Handled(StepOutcome outcome, TileTask task, int attempt, String reason, boolean commit) {
        static Handled crashed(TileTask task) {
            return new Handled(StepOutcome.RELEASED, task, 0, "CRASHED", false);
        }
    }

    private record Completion(TopicPartition partition, long offset, boolean commit) {
    }
}
