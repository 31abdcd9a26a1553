package org.vasco.common.stage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.KafkaConnection;
import org.vasco.common.db.Database;

/**
 * Runs one {@link TileStage} on the tasks of its topic: the consume loop every worker shares.
 *
 * <h2>Work distribution: a share group</h2>
 * The workers of a step form one Kafka share group (KIP-932; brokers from 4.2): records are handed out one by one to
 * whichever member asks, many members share each partition, and each record is acquired under a time-limited lock
 * until it is acknowledged. The loop has {@code VASCO_CONCURRENCY} {@link TaskSlot slots}, each a share consumer of
 * its own holding at most one task record; so records in flight per worker equal its slots, nothing caps the cluster
 * below the sum of the workers' slots (not the partition count), and a long step blocks no other task.
 *
 * <h2>Delivery guarantees</h2>
 * Kafka is only a doorbell; PostgreSQL ({@code run_tile}) is the truth. For every task record:
 * <ol>
 *   <li>the record is decoded and validated; a malformed body, an unknown schema version or a task for another step is
 *       dead-lettered at once (outcome MALFORMED, key and body made printable and bounded), never retried, and the
 *       record accepted;</li>
 *   <li>the step is claimed by one conditional UPDATE ({@link StepClaims#claim}); when nothing is claimable (already
 *       done, running under a live lease elsewhere, a retry not yet due) the record is a DUPLICATE and is accepted: a
 *       task delivered twice has its effect once;</li>
 *   <li>while the stage runs, its lease is renewed every third of {@code VASCO_LEASE}, fenced on owner and attempt, and
 *       the record's lock is renewed too (RENEW); a renewal that finds the lease lost interrupts the stage, and so does
 *       the step's deadline ({@code VASCO_STEP_DEADLINE}); a stage that ignores the interruption is left behind and its
 *       step settled without it. A worker that dies stops renewing: the lease expires, the record's lock lapses, and the
 *       coordinator's reconciler publishes the task again for another worker;</li>
 *   <li>the stage's artefacts reach their final paths only through the attempt's fence ({@link ClaimFence}: renamed
 *       under the step's row lock while the claim still holds), so a stale attempt cannot replace the new owner's;</li>
 *   <li>the result is committed in one transaction, fenced the same way: DONE (metrics, the stage's database effects,
 *       the next step's row and outbox task), SKIPPED (final), RETRY (a transient failure with attempts left:
 *       {@code not_before} and a delayed outbox task, backoff·2^(attempt-1); nothing sleeps) or FAILED (permanent, out of
 *       attempts, or a result the database refuses: error class, message and a dead letter on {@code vasco.tile.dlq}).
 *       While the database is unavailable the commit is retried with backoff and the lease kept; a lost fence discards
 *       the result (RELEASED);</li>
 *   <li>only after that transaction commits is the record acknowledged (ACCEPT). A crash between the two lets the lock
 *       lapse and the record is delivered again, then a DUPLICATE. A record that cannot be claimed because the database
 *       is unavailable is kept (its lock renewed) and tried again every two seconds.</li>
 * </ol>
 * A slot whose poll brings nothing claims a due step straight from {@code run_tile} once that step's task has waited
 * {@code VASCO_STRANDED_AFTER} since its publication ({@link StrandedSteps}: with more members than partitions, a
 * task can wait in a partition none of the idle members reads); its record, delivered later, is then a DUPLICATE.
 * Effects are therefore exactly-once per (run, tile, step) in the database, and at-least-once in Kafka. Stage
 * artefacts must be written atomically through the context's fence, because an attempt whose worker died may be
 * repeated by another.
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} once (it first sets the group's {@code share.auto.offset.reset}); {@link #close()} stops taking
 * records, lets running steps finish within the shutdown grace, then interrupts them: a stage that returns with
 * {@link InterruptedException} has its claim released (RETRY due now, the attempt not counted) and its record RELEASEd
 * to the share group, which delivers it again. {@link #crash()} is for tests: it stops everything without writing or
 * acknowledging anything, as a killed process would.
 */
public final class StageLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StageLoop.class);

    private final TileStage stage;
    private final LoopSettings settings;
    private final ShareGroup group;
    private final List<TaskSlot> slots = new ArrayList<>();
    private final List<Thread> slotThreads = new ArrayList<>();
    private final ExecutorService stageThreads;
    private final ScheduledExecutorService timers;
    private final CountDownLatch finished;
    private final AtomicInteger runningSlots = new AtomicInteger();

    private volatile Runnable afterCommit = () -> { };
    private volatile boolean stopping;
    private volatile long stopRequestedNanos;
    private volatile boolean crashed;
    private volatile boolean started;
    /** Set when a slot ended without {@link #close()} or {@link #crash()}: the worker serves less, or nothing, until restarted. */
    private volatile boolean died;

    public StageLoop(TileStage stage, Database database, KafkaConnection kafka, LoopSettings settings,
                     StepMetrics metrics, Clock clock) {
        this.stage = stage;
        this.settings = settings;
        String name = "stage-" + stage.step().label();
        AtomicInteger n = new AtomicInteger();
        // Unbounded on purpose: a stage left behind (it ignored its interruption) keeps its thread, and its slot needs a
        // new one; at most VASCO_CONCURRENCY threads are ever busy with a task the loop still waits for.
        this.stageThreads = Executors.newCachedThreadPool(r -> daemon(r, name + "-" + n.incrementAndGet()));
        this.timers = Executors.newScheduledThreadPool(2, r -> daemon(r, name + "-timer"));
        Loop loop = new Loop();
        StepRunner runner = new StepRunner(stage, database, settings, metrics, clock, timers, loop);
        StrandedSteps stranded = new StrandedSteps(stage.step(), settings.strandedAfter());
        String owner = settings.owner().replaceAll("[^A-Za-z0-9._-]", "_");
        for (int i = 1; i <= settings.concurrency(); i++) {
            String clientId = "vasco-" + stage.step().label() + "-" + owner + "-" + i;
            Map<String, Object> props = new HashMap<>(kafka.clientProperties());
            props.put("group.id", settings.groupId());
            props.put("client.id", clientId);
            props.put("share.acknowledgement.mode", "explicit");
            props.put("share.acquire.mode", "record_limit"); // one record per poll, nothing prefetched
            props.put("max.poll.records", "1");
            props.put("max.poll.interval.ms", Long.toString(settings.maxPollInterval().toMillis()));
            slots.add(new TaskSlot(stage.step(), clientId, props, settings.maxPollInterval(), loop, runner, metrics, stageThreads,
                    stranded));
        }
        this.finished = new CountDownLatch(slots.size());
        this.group = new ShareGroup(kafka, settings.groupId(), stage.step().topic());
        metrics.consumeLoop(this::hasDied);
        metrics.slots(slots.size(), this::busySlots);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public LoopSettings settings() {
        return settings;
    }

    /** Sets where the share group starts (if it is new), then starts every slot. */
    public StageLoop start() {
        if (started) {
            throw new IllegalStateException("The stage loop of " + stage.step().label() + " is already started");
        }
        started = true;
        group.startFrom(settings.offsetReset());
        for (TaskSlot slot : slots) {
            Thread t = new Thread(() -> runSlot(slot), "slot-" + slot.clientId());
            slotThreads.add(t);
            runningSlots.incrementAndGet();
            t.start();
        }
        LOG.info("Stage loop for {} started: topic={} share group={} owner={} slots={}", stage.step().label(),
                stage.step().topic(), settings.groupId(), settings.owner(), slots.size());
        return this;
    }

    private void runSlot(TaskSlot slot) {
        try {
            slot.run();
        } catch (RuntimeException | Error e) {
            LOG.error("Slot {} of the {} stage loop stopped on an unexpected error", slot.clientId(), stage.step().label(), e);
        } finally {
            if (!stopping && !crashed) {
                died = true;
                LOG.error("Slot {} of the {} stage loop ended without being asked to: the worker must be restarted",
                        slot.clientId(), stage.step().label());
            }
            runningSlots.decrementAndGet();
            finished.countDown();
        }
    }

    /**
     * Runs {@code nudge} on the stage thread after each transaction that wrote outbox rows (DONE, RETRY, FAILED, a dead
     * letter): the worker wakes its outbox publisher with it, so the next step's task leaves at once rather than at the
     * publisher's next idle poll. Set before {@link #start()}.
     */
    public StageLoop afterCommit(Runnable nudge) {
        this.afterCommit = Objects.requireNonNull(nudge, "nudge");
        return this;
    }

    /**
     * True once every slot takes part in the share group: each a member with partitions, and every partition's start
     * offset set, so that a task produced from now on is delivered. Asks the broker until it is true.
     */
    public boolean isConsuming() {
        if (!started || stopping || slots.stream().anyMatch(s -> !s.hasPolled())) {
            return false;
        }
        return group.joinedBy(slots.stream().map(TaskSlot::clientId).toList());
    }

    /** True while every slot runs. */
    public boolean isRunning() {
        return started && runningSlots.get() == slots.size();
    }

    /**
     * True when a slot has stopped although nobody asked it to (repeated broker errors, an error such as running out of
     * memory, an unexpected wake-up): the worker serves less than its concurrency, or nothing, and cannot recover by
     * itself, so liveness fails and the gauge {@code vasco_stage_loop_dead} is 1.
     */
    public boolean hasDied() {
        return died;
    }

    /** Slots holding a task now. */
    public int busySlots() {
        int busy = 0;
        for (TaskSlot slot : slots) {
            if (slot.isBusy()) {
                busy++;
            }
        }
        return busy;
    }

    @Override
    public void close() {
        if (!stopping) {
            stopRequestedNanos = System.nanoTime();
            stopping = true;
        }
        if (started) {
            awaitSlots(settings.shutdownGrace().plus(TaskSlot.ABANDON_AFTER).plusSeconds(30));
        }
        shutdownExecutors();
        group.close();
        LOG.info("Stage loop for {} stopped{}", stage.step().label(), crashed ? " (crashed)" : "");
    }

    /** Stops abruptly, releasing nothing and acknowledging nothing, as a killed process would (tests). */
    public void crash() {
        crashed = true;
        if (!stopping) {
            stopRequestedNanos = System.nanoTime();
            stopping = true;
        }
        stageThreads.shutdownNow();
        timers.shutdownNow();
        slots.forEach(TaskSlot::wakeUp);
        if (started) {
            awaitSlots(Duration.ofSeconds(30));
        }
        group.close();
        LOG.info("Stage loop for {} crashed", stage.step().label());
    }

    private void awaitSlots(Duration limit) {
        try {
            if (!finished.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("The {} stage loop did not stop within {}", stage.step().label(), limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutdownExecutors() {
        timers.shutdownNow();
        stageThreads.shutdownNow();
    }

    /** The loop's state as its slots and runner see it. */
    private final class Loop implements TaskSlot.Loop {
        @Override
        public boolean stopping() {
            return stopping;
        }

        @Override
        public boolean crashed() {
            return crashed;
        }

        @Override
        public boolean graceOver() {
            return stopping && System.nanoTime() - stopRequestedNanos >= settings.shutdownGrace().toNanos();
        }

        @Override
        public void committed() {
            afterCommit.run();
        }
    }
}
