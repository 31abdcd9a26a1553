package org.vasco.common.stage;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.task.Step;

/**
 * One task slot of a worker: a share consumer of its own that holds at most one task record at a time, on a thread of
 * its own. It acquires a record, hands it to a stage thread ({@link StepRunner}), renews the record's acquisition lock
 * while the step runs, and acknowledges the record once the step's outcome is committed: ACCEPT when settled, RELEASE
 * when given back (shutdown), REJECT when it can be neither handled nor dead-lettered.
 *
 * <p>Why a consumer per slot: a share consumer in explicit mode must acknowledge every record of a poll before it polls
 * again, and while it renews a record's lock it acquires no new records (measured with the 4.4 client: a consumer
 * renewing one record received nothing else for as long as it renewed). A consumer per slot is therefore what lets
 * each slot finish and take its next task on its own, so records in flight per worker equal its slots and a long step
 * blocks no other. It also stops a slot from taking a task it has no thread for.
 *
 * <p>The lock is renewed once two thirds of the group's lock duration ({@code share.record.lock.duration.ms}, 30 s by
 * default) have passed: the slot acknowledges RENEW, sends it at once, and polls until the consumer hands the record
 * back. A
 * record whose lock lapsed anyway (the broker restarted) can no longer be acknowledged; PostgreSQL's claim still decides
 * what happens to the step.
 * A stage that was asked to stop (deadline, lost lease, shutdown) and has not returned {@link #ABANDON_AFTER} later is
 * left behind: its step is settled from here and the slot takes its next task (a stage thread of its own comes from the
 * loop's pool). Not thread-safe: only its own thread touches the consumer ({@link #wakeUp()} aside).
 */
final class TaskSlot implements Runnable {

    /** How long a stopped stage may ignore its interruption before the slot settles its step without it. */
    static final Duration ABANDON_AFTER = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(TaskSlot.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    /**
     * Empty polls in a row after which the slot counts as idle and looks for stranded steps: one can come back empty while
     * many slots ask at once (a step's records behind the broker's lock on their partition), two in a row rarely do.
     */
    private static final int IDLE_POLLS = 2;
    private static final Duration RETURN_POLL = Duration.ofMillis(100);
    private static final long CHECK_MILLIS = 100;
    private static final Duration DEFAULT_LOCK = Duration.ofSeconds(30);
    private static final int MAX_POLL_FAILURES = 50;

    /** What the slot needs to know of the loop around it. */
    interface Loop extends StepRunner.Loop {
        /** True once the shutdown grace is over: running steps are to be stopped. */
        boolean graceOver();
    }

    private final Step step;
    private final String clientId;
    private final Loop loop;
    private final StepRunner runner;
    private final StepMetrics metrics;
    private final ExecutorService stageThreads;
    private final StrandedSteps stranded;
    private final KafkaShareConsumer<String, byte[]> consumer;
    private final Duration maxPollInterval;
    private volatile boolean polled;
    private volatile boolean busy;
    /** The instance of the served record the consumer handed out last (a renewal hands out a new one): the one to acknowledge. */
    private ConsumerRecord<String, byte[]> held;

    TaskSlot(Step step, String clientId, Map<String, Object> consumerProperties, Duration maxPollInterval, Loop loop,
             StepRunner runner, StepMetrics metrics, ExecutorService stageThreads, StrandedSteps stranded) {
        this.maxPollInterval = maxPollInterval;
        this.step = step;
        this.clientId = clientId;
        this.loop = loop;
        this.runner = runner;
        this.metrics = metrics;
        this.stageThreads = stageThreads;
        this.stranded = stranded;
        this.consumer = new KafkaShareConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The consumer's client.id: how the share group names this slot's member. */
    String clientId() {
        return clientId;
    }

    /** True once the consumer has polled at least once (it has joined the group or is joining). */
    boolean hasPolled() {
        return polled;
    }

    /** True while the slot holds a task record. */
    boolean isBusy() {
        return busy;
    }

    /** Interrupts a blocking poll (thread-safe); used to stop at once on a crash. */
    void wakeUp() {
        consumer.wakeup();
    }

    /**
     * Polls and serves records until the loop stops. Returns normally when asked to stop; an exception escapes only when
     * the slot cannot go on (repeated broker errors, an error such as running out of memory), which the loop reports as
     * a dead consume loop.
     */
    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(step.topic()));
            int failuresInARow = 0;
            int emptyPolls = 0;
            while (!loop.stopping()) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(IDLE_POLL);
                    polled = true;
                    failuresInARow = 0;
                } catch (WakeupException e) {
                    if (loop.stopping()) {
                        break;
                    }
                    throw e;
                } catch (KafkaException e) {
                    // Broker trouble is usually retriable inside the client; what escapes is logged and the slot goes on,
                    // unless it repeats without a single good poll (then the loop is reported dead).
                    if (++failuresInARow >= MAX_POLL_FAILURES) {
                        throw e;
                    }
                    LOG.warn("Polling {} failed ({} in a row): {}", step.topic(), failuresInARow, e.toString());
                    continue;
                }
                ConsumerRecord<String, byte[]> first = null;
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (first == null && !loop.stopping()) {
                        first = record;
                    } else {
                        acknowledge(record, AcknowledgeType.RELEASE); // one task per slot: any other goes back at once
                    }
                }
                if (first != null) {
                    emptyPolls = 0;
                    stranded.recordReceived();
                    serve(first);
                } else if (records.isEmpty() && ++emptyPolls >= IDLE_POLLS && !loop.stopping()) {
                    serveStranded();
                }
            }
        } finally {
            try {
                // A graceful close sends the acknowledgements still pending and releases what the slot still holds; a
                // crash sends nothing, as a killed process would not (the broker releases the locks when they lapse).
                consumer.close(loop.crashed() ? Duration.ZERO : Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                LOG.warn("Closing the share consumer {} failed: {}", clientId, e.toString());
            }
        }
    }

    private void serve(ConsumerRecord<String, byte[]> record) {
        busy = true;
        try {
            held = record;
            StepAttempt attempt = new StepAttempt();
            Future<Verdict> future = stageThreads.submit(() -> runner.handle(record, attempt));
            Verdict verdict = awaitVerdict(record, attempt, future);
            if (verdict != null && verdict.ack() != null && attempt.recordHeld() && !loop.crashed()) {
                acknowledge(held, verdict.ack());
            }
        } finally {
            held = null;
            busy = false;
        }
    }

    /**
     * After a poll that brought nothing: claims a stranded step from the database when this slot's turn to probe has
     * come ({@link StrandedSteps}), and runs it. No record carries it, so there is no lock to renew and nothing to
     * acknowledge; a release writes its task to the outbox again.
     */
    private void serveStranded() {
        if (!stranded.mayProbe()) {
            return;
        }
        Optional<Claim> claim = Optional.empty();
        try {
            claim = runner.claimStranded(stranded);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Looking for stranded {} steps failed: {}", step.label(), e.toString());
        } finally {
            stranded.probed(claim.isPresent());
        }
        if (claim.isEmpty()) {
            return;
        }
        busy = true;
        try {
            StepAttempt attempt = new StepAttempt();
            attempt.recordHeld(false);
            Claim claimed = claim.get();
            awaitVerdict(null, attempt, stageThreads.submit(() -> runner.runStranded(claimed, attempt)));
        } finally {
            busy = false;
        }
    }

    /** Waits for the step's verdict, renewing {@code record}'s lock meanwhile (null: a step no record carries). */
    private Verdict awaitVerdict(ConsumerRecord<String, byte[]> record, StepAttempt attempt, Future<Verdict> future) {
        Duration renewEvery = renewAfter();
        long nextRenew = System.nanoTime() + renewEvery.toNanos();
        while (true) {
            try {
                // Null only when the slot settled the step itself (abandon below returned its verdict first).
                return future.get(CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still running
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error; // out of memory and the like: this slot cannot go on
                }
                throw new IllegalStateException("Handling a task failed unexpectedly", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (java.util.concurrent.CancellationException e) {
                return null; // the stage threads were shut down (crash)
            }
            if (loop.crashed()) {
                return null;
            }
            if (loop.stopping() && loop.graceOver()) {
                attempt.stop(StepAttempt.SHUTDOWN);
            }
            if (attempt.ignoresStop(ABANDON_AFTER)) {
                Verdict verdict = runner.abandon(attempt, record);
                if (verdict != null) {
                    return verdict;
                }
            }
            if (System.nanoTime() - nextRenew >= 0) {
                renew(record, attempt);
                nextRenew = System.nanoTime() + renewEvery.toNanos();
            }
        }
    }

    /** Renews the record's lock: RENEW, then poll until the broker hands the record back with its new lock. */
    private void renew(ConsumerRecord<String, byte[]> record, StepAttempt attempt) {
        if (!attempt.recordHeld()) {
            return;
        }
        attempt.recordHeld(false);
        if (!acknowledge(held, AcknowledgeType.RENEW) || !sendRenewal(record)) {
            return;
        }
        // The renewed record comes back with the next poll, from the consumer's own buffer; waiting a whole renewal
        // interval for it still leaves two thirds of the new lock.
        long until = System.nanoTime() + renewalWait().toNanos();
        while (System.nanoTime() - until < 0 && !loop.crashed()) {
            ConsumerRecords<String, byte[]> returned;
            try {
                returned = consumer.poll(RETURN_POLL);
            } catch (WakeupException e) {
                if (loop.crashed()) {
                    return;
                }
                continue;
            } catch (KafkaException e) {
                LOG.warn("Polling for the renewed lock of {}-{}@{} failed: {}", record.topic(), record.partition(),
                        record.offset(), e.toString());
                continue;
            }
            ConsumerRecord<String, byte[]> back = null;
            for (ConsumerRecord<String, byte[]> r : returned) {
                if (r.partition() == record.partition() && r.offset() == record.offset() && r.topic().equals(record.topic())) {
                    back = r;
                } else {
                    acknowledge(r, AcknowledgeType.RELEASE);
                }
            }
            if (back != null) {
                held = back;
                attempt.recordHeld(true);
                return;
            }
        }
        LOG.warn("The lock of {}-{}@{} was not renewed in time: the record can no longer be acknowledged by this slot; the"
                + " step's claim in the database still decides", record.topic(), record.partition(), record.offset());
    }

    /**
     * Sends the pending RENEW now, in an acknowledgement request of its own. Left to the next poll it would travel with
     * a fetch, and a fetch acquires the next waiting record, which this slot can only give back: every acquisition counts
     * as one of that record's deliveries, so a step renewed five times got the record behind it archived (measured: one
     * extract worker took 461 s for six tiles instead of 182 s, the archived tasks waiting for the reconciler). False
     * when the broker refused the renewal (the lock had lapsed, or the member was fenced).
     */
    private boolean sendRenewal(ConsumerRecord<String, byte[]> record) {
        KafkaException failure;
        try {
            failure = consumer.commitSync(renewalWait()).values().stream().flatMap(Optional::stream).findFirst()
                    .orElse(null);
        } catch (WakeupException e) {
            return false; // a crash woke the slot up: nothing is to be renewed any more
        } catch (KafkaException e) {
            failure = e;
        }
        if (failure != null) {
            LOG.warn("Renewing the lock of {}-{}@{} failed: {}; the step's claim in the database still decides",
                    record.topic(), record.partition(), record.offset(), failure.toString());
            return false;
        }
        return true;
    }

    /** Acknowledges one record; false when the consumer no longer holds it (its lock lapsed, or it was lost). */
    private boolean acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        try {
            consumer.acknowledge(record, type);
        } catch (IllegalStateException e) {
            LOG.warn("{} of {}-{}@{} refused by the consumer ({}): the record is no longer held by this slot", type,
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return false;
        }
        metrics.acknowledged(type);
        return true;
    }

    /**
     * How long after its acquisition, or its last renewal, a record's lock is renewed: once two thirds of the group's
     * lock duration have passed (as the broker reported it with the last records), at most half of max.poll.interval.ms
     * (renewing is the slot's poll while its step runs), but not below half a second. As late as leaves a renewal the
     * last third to go through: a renewal holds the slot's thread, so a step that ends meanwhile waits for it to be
     * acknowledged, and a step shorter than two thirds of the lock (20 s by default) is never renewed at all.
     */
    private Duration renewAfter() {
        Duration lock = lockDuration();
        Duration after = lock.minus(lock.dividedBy(3));
        if (after.compareTo(maxPollInterval.dividedBy(2)) > 0) {
            after = maxPollInterval.dividedBy(2);
        }
        return atLeastHalfASecond(after);
    }

    /** How long a renewal may wait for the broker and for the record back: the third of the lock left when it starts. */
    private Duration renewalWait() {
        return atLeastHalfASecond(lockDuration().dividedBy(3));
    }

    private Duration lockDuration() {
        return consumer.acquisitionLockTimeoutMs().map(ms -> Duration.ofMillis(ms)).orElse(DEFAULT_LOCK);
    }

    private static Duration atLeastHalfASecond(Duration d) {
        return d.compareTo(Duration.ofMillis(500)) < 0 ? Duration.ofMillis(500) : d;
    }
}
