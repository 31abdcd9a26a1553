package org.vasco.common.stage;

import static org.vasco.common.text.UntrustedText.MESSAGE_CAP;
import static org.vasco.common.text.UntrustedText.VALUE_CAP;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.db.Database;
import org.vasco.common.db.DatabaseOutage;
import org.vasco.common.task.Step;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TaskCodec.MalformedTaskException;
import org.vasco.common.task.TileTask;
import org.vasco.common.text.UntrustedText;

/**
 * Handles one task record on a stage thread, from the raw bytes to a committed outcome (the contract is
 * {@link StageLoop}'s): decode or dead-letter it, claim the step, run the stage under a renewed lease and the step's
 * deadline with its artefacts fenced ({@link ClaimFence}), and settle the outcome in one fenced transaction, retried
 * while the database is unavailable. Only an outage of the database (a {@link DatabaseOutage}) is waited out; any
 * other SQL failure is the statement's own and is recorded once: a completion that fails so ends FAILED with the
 * database's error in {@code run_tile.error_message}, a task that cannot be claimed is dead-lettered.
 * Thread-safe: one instance serves every slot of a loop.
 */
final class StepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
    private static final Duration DATABASE_PAUSE = Duration.ofSeconds(2);
    private static final Duration FIRST_SETTLE_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_SETTLE_RETRY = Duration.ofSeconds(15);

    /** What the runner needs to know of, and tell, the loop around it. */
    interface Loop {
        boolean stopping();

        boolean crashed();

        /** A transaction that wrote outbox rows committed: wake the publisher. */
        void committed();
    }

    private final TileStage stage;
    private final Database database;
    private final StepClaims claims;
    private final LoopSettings settings;
    private final StepMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    private final Loop loop;

    StepRunner(TileStage stage, Database database, LoopSettings settings, StepMetrics metrics, Clock clock,
               ScheduledExecutorService timers, Loop loop) {
        this.stage = stage;
        this.database = database;
        this.claims = new StepClaims(settings.lease());
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.timers = timers;
        this.loop = loop;
    }

    private Step step() {
        return stage.step();
    }

    /**
     * Handles {@code record} to its committed outcome; logs the one line of the tile step and meters it.
     *
     * @return the verdict, or null when the slot settled the step meanwhile (the stage ignored its stop and was left
     *         behind: nothing of this late return is written)
     */
    Verdict handle(ConsumerRecord<String, byte[]> record, StepAttempt attempt) {
        long start = System.nanoTime();
        Verdict verdict;
        try {
            verdict = deliver(record, attempt);
        } catch (VirtualMachineError e) {
            throw e; // out of memory and the like: the slot dies with it and liveness restarts the process
        } catch (RuntimeException | Error e) {
            LOG.error("Unexpected error while handling {}-{}@{}; the record goes back to the share group", record.topic(),
                    record.partition(), record.offset(), e);
            verdict = Verdict.releasedRecord(null, 0, "LOOP_ERROR");
        } finally {
            Thread.interrupted(); // a stop that came late must not reach the next task of this pooled thread
        }
        if (verdict == null) {
            return null;
        }
        finish(record, verdict, Duration.ofNanos(System.nanoTime() - start));
        return verdict;
    }

    /**
     * Settles the step of a stage that was asked to stop and did not (the slot calls this): the claim is ended as the
     * stop's cause says — a deadline counts as a failed attempt, a lost lease leaves the step to its new owner, a
     * shutdown releases it — while the stage's thread is left running; whatever it returns later is discarded, and
     * whatever it still tries to publish is refused by the fence.
     *
     * @return the verdict, or null when the stage returned just now and settles it itself
     */
    Verdict abandon(StepAttempt attempt, ConsumerRecord<String, byte[]> record) {
        if (!attempt.settle()) {
            return null;
        }
        String cause = attempt.stopCause();
        Claim claim = attempt.claim();
        metrics.abandoned(cause);
        LOG.error("step={} run={} tile={}: the stage did not stop within {} of being interrupted ({}); it is left behind on"
                        + " its thread, its result will be discarded and its artefacts refused", step().label(),
                claim.task().runId(), claim.task().tileId(), TaskSlot.ABANDON_AFTER, cause);
        Verdict verdict;
        try {
            verdict = stopped(claim, cause, attempt);
        } catch (SQLException e) {
            LOG.warn("step={} run={} tile={}: settling the abandoned attempt failed ({}); its lease will expire",
                    step().label(), claim.task().runId(), claim.task().tileId(), e.toString());
            verdict = Verdict.releasedRecord(claim.task(), claim.attempt(), "ABANDONED");
        } finally {
            attempt.claimSettled();
        }
        finish(record, verdict, attempt.age());
        return verdict;
    }

    private void finish(ConsumerRecord<String, byte[]> record, Verdict verdict, Duration took) {
        if (verdict.committed() && verdict.outcome() != StepOutcome.DUPLICATE) {
            loop.committed();
        }
        logOutcome(record, verdict, took);
        metrics.completed(verdict.outcome(), took);
    }

    /** Waits out an outage of the database before anything is claimed; the claimed part handles its own. */
    private Verdict deliver(ConsumerRecord<String, byte[]> record, StepAttempt attempt) {
        while (true) {
            long start = System.nanoTime();
            try {
                return process(record, attempt);
            } catch (SQLException e) {
                if (!DatabaseOutage.isOutage(e)) {
                    return unclaimable(record, e);
                }
                LOG.warn("Database unavailable while handling {}-{}@{} (SQLState {}); trying again in {}: {}", record.topic(),
                        record.partition(), record.offset(), DatabaseOutage.state(e), DATABASE_PAUSE, e.toString());
                metrics.completed(StepOutcome.RELEASED, Duration.ofNanos(System.nanoTime() - start));
                if (loop.crashed()) {
                    return Verdict.crashed(null);
                }
                if (loop.stopping() || !pause(DATABASE_PAUSE)) {
                    return Verdict.releasedRecord(null, 0, "DATABASE_UNAVAILABLE");
                }
            }
        }
    }

    private Verdict process(ConsumerRecord<String, byte[]> record, StepAttempt attempt) throws SQLException {
        TileTask task;
        try {
            task = TaskCodec.decode(record.value());
            if (task.step() != step()) {
                throw new MalformedTaskException("a task for step '" + task.step().label() + "' arrived on "
                        + step().topic() + ", the topic of step '" + step().label() + "'");
            }
        } catch (MalformedTaskException e) {
            return deadLetterMalformed(record, e);
        }
        if (loop.crashed()) {
            return Verdict.crashed(task);
        }
        if (loop.stopping()) {
            return Verdict.releasedRecord(task, 0, "SHUTDOWN"); // not claimed yet: another worker takes it
        }
        Optional<Claim> claimed = database.inTransaction(c -> claims.claim(c, task, settings.owner()));
        if (claimed.isEmpty()) {
            metrics.claim("duplicate");
            return new Verdict(StepOutcome.DUPLICATE, AcknowledgeType.ACCEPT, task, 0, null, true);
        }
        return runClaim(claimed.get(), attempt, "claimed");
    }

    /** Runs a fresh claim (metered as {@code how}), unless its attempts are spent. */
    private Verdict runClaim(Claim claim, StepAttempt attempt, String how) throws SQLException {
        if (claim.attempt() > settings.maxAttempts()) {
            metrics.claim("lease_exhausted");
            return fail(claim, "LEASE_EXPIRED", "LeaseExpired",
                    "the lease of this step expired on each of its " + settings.maxAttempts()
                            + " attempts: the workers running it stopped without finishing (killed or out of memory?)");
        }
        metrics.claim(how);
        return runClaimed(claim, attempt);
    }

    /** Claims one stranded step ({@link StrandedSteps}) for this loop, in a transaction of its own. */
    Optional<Claim> claimStranded(StrandedSteps stranded) throws SQLException {
        return database.inTransaction(c -> stranded.claimOne(c, claims, settings.owner()));
    }

    /**
     * Runs a step claimed from the database, which no record of this slot carries ({@code attempt} holds none): as
     * {@link #handle} does, but a database failure leaves the claim to its lease (the reconciler publishes the task
     * again once it expires).
     *
     * @return the verdict (its acknowledgement is for no record), or null when the slot settled the step meanwhile
     */
    Verdict runStranded(Claim claim, StepAttempt attempt) {
        long start = System.nanoTime();
        Verdict verdict;
        try {
            verdict = runClaim(claim, attempt, "stranded");
        } catch (VirtualMachineError e) {
            throw e;
        } catch (SQLException | RuntimeException | Error e) {
            LOG.error("Unexpected error while running stranded step={} run={} tile={}; its lease will expire", step().label(),
                    claim.task().runId(), claim.task().tileId(), e);
            verdict = Verdict.releasedRecord(claim.task(), claim.attempt(), "LOOP_ERROR");
        } finally {
            Thread.interrupted();
        }
        if (verdict == null) {
            return null;
        }
        finish(null, verdict, Duration.ofNanos(System.nanoTime() - start));
        return verdict;
    }

    /** Runs the stage of a held claim and settles it; null when the slot settled it meanwhile. */
    private Verdict runClaimed(Claim claim, StepAttempt attempt) throws SQLException {
        long every = Math.max(100, settings.lease().toMillis() / 3);
        ScheduledFuture<?> renewal = timers.scheduleAtFixedRate(() -> renew(claim, attempt), every, every, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> deadline = timers.schedule(() -> attempt.stop(StepAttempt.DEADLINE),
                settings.stepDeadline().toMillis(), TimeUnit.MILLISECONDS);
        StageResult result = null;
        Throwable failure = null;
        try {
            attempt.stageStarted(claim, renewal, deadline);
            result = stage.run(new StageContext(claim.task(), claim.attempt(), clock, claim.graph(), claim.profile(),
                    new ClaimFence(database, claims, claim)));
        } catch (VirtualMachineError e) {
            attempt.claimSettled();
            throw e;
        } catch (InterruptedException | StageException | RuntimeException | Error e) {
            failure = e;
        } finally {
            attempt.stageReturned();
            Thread.interrupted(); // the database work below must not be interrupted
        }
        if (!attempt.settle()) {
            LOG.warn("step={} run={} tile={}: the stage returned {} after it was left behind; discarded", step().label(),
                    claim.task().runId(), claim.task().tileId(), failure == null ? "a result" : failure.toString());
            return null;
        }
        try {
            if (loop.crashed()) {
                return Verdict.crashed(claim.task());
            }
            if (failure == null) {
                StageResult done = result;
                return settleFenced(claim, attempt, c -> claims.complete(c, claim, done),
                        () -> new Verdict(done.outcome(), AcknowledgeType.ACCEPT, claim.task(), claim.attempt(), done.reason(), true),
                        "COMPLETION_FAILED");
            }
            String cause = attempt.stopCause();
            if (cause != null) {
                return stopped(claim, cause, attempt);
            }
            if (failure instanceof InterruptedException) {
                return release(claim, attempt); // interrupted by someone else than the loop: give the step back
            }
            if (failure instanceof PermanentStageException permanent) {
                // The type decides (STYLE.md §3): permanent failures are final, transient ones retry.
                return fail(claim, permanent.reason(), permanent.getClass().getName(), describe(permanent));
            }
            if (failure instanceof TransientStageException transientFailure) {
                return retryOrFail(claim, transientFailure.reason(), transientFailure, attempt);
            }
            // A stage bug or an unclassified library failure: treated as transient, recorded by class.
            return retryOrFail(claim, "UNEXPECTED_" + failure.getClass().getSimpleName(), failure, attempt);
        } finally {
            attempt.claimSettled();
        }
    }

    /** Ends the claim of a stage that was stopped: a deadline spends the attempt, a lost lease writes nothing, a shutdown releases. */
    private Verdict stopped(Claim claim, String cause, StepAttempt attempt) throws SQLException {
        return switch (cause) {
            case StepAttempt.DEADLINE -> retryOrFail(claim, "DEADLINE_EXCEEDED", new TransientStageException("DEADLINE_EXCEEDED",
                    "the step ran longer than its deadline of " + settings.stepDeadline() + " (VASCO_STEP_DEADLINE) and was"
                            + " interrupted"), attempt);
            case StepAttempt.LEASE_LOST -> {
                LOG.warn("step={} run={} tile={}: the lease was lost while attempt {} ran; the stage was cancelled and its"
                        + " result discarded (another worker owns the step)", step().label(), claim.task().runId(),
                        claim.task().tileId(), claim.attempt());
                yield Verdict.leaseLost(claim.task(), claim.attempt());
            }
            default -> release(claim, attempt);
        };
    }

    private void renew(Claim claim, StepAttempt attempt) {
        if (loop.crashed() || StepAttempt.LEASE_LOST.equals(attempt.stopCause())) {
            return;
        }
        try {
            if (!database.inTransaction(c -> claims.renew(c, claim))) {
                LOG.warn("step={} run={} tile={}: lease lost while running attempt {}; cancelling the stage", step().label(),
                        claim.task().runId(), claim.task().tileId(), claim.attempt());
                attempt.stop(StepAttempt.LEASE_LOST);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not renew the lease of {} {} (will try again): {}", claim.task().tileId(), step().label(), e.toString());
        }
    }

    private Verdict retryOrFail(Claim claim, String reason, Throwable error, StepAttempt attempt) throws SQLException {
        if (claim.attempt() >= settings.maxAttempts()) {
            return fail(claim, reason, error.getClass().getName(), describe(error));
        }
        Duration delay = settings.backoffAfter(claim.attempt());
        Verdict verdict = settleFenced(claim, attempt, c -> claims.scheduleRetry(c, claim, reason, error, delay),
                () -> new Verdict(StepOutcome.RETRY, AcknowledgeType.ACCEPT, claim.task(), claim.attempt(), reason, true), null);
        if (verdict.outcome() == StepOutcome.RETRY) {
            LOG.warn("Retry scheduled: step={} run={} tile={} attempt={} of {} next_in_ms={} reason={} error={}: {}",
                    step().label(), claim.task().runId(), claim.task().tileId(), claim.attempt(), settings.maxAttempts(),
                    delay.toMillis(), reason, error.getClass().getName(), UntrustedText.printable(error.getMessage(), MESSAGE_CAP));
        }
        return verdict;
    }

    private Verdict fail(Claim claim, String reason, String errorClass, String message) throws SQLException {
        if (loop.crashed()) {
            return Verdict.crashed(claim.task());
        }
        DeadLetter letter = DeadLetter.forTask(claim.task(), reason, errorClass, message, clock.instant(), claim.attempt(),
                settings.owner());
        Verdict verdict = settleFenced(claim, null, c -> claims.fail(c, claim, letter),
                () -> new Verdict(StepOutcome.FAILED, AcknowledgeType.ACCEPT, claim.task(), claim.attempt(), reason, true), null);
        if (verdict.outcome() == StepOutcome.FAILED) {
            metrics.deadLettered();
            LOG.warn("Dead-lettered: step={} run={} tile={} attempts={} reason={} error={}: {}", step().label(),
                    claim.task().runId(), claim.task().tileId(), claim.attempt(), reason, errorClass, message);
        }
        return verdict;
    }

    private Verdict release(Claim claim, StepAttempt attempt) throws SQLException {
        if (loop.crashed()) {
            return Verdict.crashed(claim.task());
        }
        // The record goes back to the share group (RELEASE), which delivers it again; only a record whose lock lapsed
        // needs its task written to the outbox once more.
        boolean requeue = !attempt.recordHeld();
        database.inTransaction(c -> claims.release(c, claim, requeue));
        return new Verdict(StepOutcome.RELEASED, AcknowledgeType.RELEASE, claim.task(), claim.attempt(), "SHUTDOWN", requeue);
    }

    /**
     * Commits one fenced transition of a held claim: retried with backoff while the database is unavailable (the lease is
     * renewed meanwhile, so finished work is not thrown away), given up on shutdown or once another worker owns the step.
     * A failure of the statement itself ends the step FAILED with the database's error when {@code failReason} is given,
     * and is thrown otherwise.
     */
    private Verdict settleFenced(Claim claim, StepAttempt attempt, Database.SqlWork<Boolean> transition,
                                 java.util.function.Supplier<Verdict> onCommit, String failReason) throws SQLException {
        Duration wait = FIRST_SETTLE_RETRY;
        while (true) {
            try {
                if (database.inTransaction(transition)) {
                    return onCommit.get();
                }
                LOG.warn("step={} run={} tile={}: lease lost before attempt {} was settled; result discarded (another"
                        + " worker owns the step)", step().label(), claim.task().runId(), claim.task().tileId(), claim.attempt());
                return Verdict.leaseLost(claim.task(), claim.attempt());
            } catch (SQLException e) {
                if (!DatabaseOutage.isOutage(e)) {
                    if (failReason == null) {
                        throw e;
                    }
                    LOG.error("step={} run={} tile={}: the database refused the outcome of attempt {} (SQLState {}); the step"
                                    + " fails with that error", step().label(), claim.task().runId(), claim.task().tileId(),
                            claim.attempt(), DatabaseOutage.state(e), e);
                    return fail(claim, failReason, e.getClass().getName(), describeSql(e));
                }
                if (loop.crashed()) {
                    return Verdict.crashed(claim.task());
                }
                if (loop.stopping() || (attempt != null && StepAttempt.LEASE_LOST.equals(attempt.stopCause()))) {
                    LOG.warn("step={} run={} tile={}: attempt {} could not be settled, the database is unavailable, and the"
                            + " worker is stopping; its lease will expire", step().label(), claim.task().runId(),
                            claim.task().tileId(), claim.attempt());
                    return Verdict.releasedRecord(claim.task(), claim.attempt(), "DATABASE_UNAVAILABLE");
                }
                LOG.warn("step={} run={} tile={}: settling attempt {} failed, the database is unavailable (SQLState {});"
                                + " trying again in {} while the lease is renewed: {}", step().label(), claim.task().runId(),
                        claim.task().tileId(), claim.attempt(), DatabaseOutage.state(e), wait, e.toString());
                pause(wait);
                Thread.interrupted();
                wait = wait.multipliedBy(2).compareTo(LAST_SETTLE_RETRY) > 0 ? LAST_SETTLE_RETRY : wait.multipliedBy(2);
            }
        }
    }

    private Verdict deadLetterMalformed(ConsumerRecord<String, byte[]> record, MalformedTaskException e) throws SQLException {
        if (loop.crashed()) {
            return Verdict.crashed(null);
        }
        String raw = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        String why = UntrustedText.printable(e.getMessage(), MESSAGE_CAP);
        DeadLetter letter = DeadLetter.forMalformed(record.key(), step().label(), raw, why, clock.instant(), settings.owner());
        database.inTransaction(c -> {
            Outbox.enqueue(c, Step.DLQ_TOPIC, letter.key(), letter.toJson(), Duration.ZERO);
            return null;
        });
        metrics.deadLettered();
        LOG.warn("Dead-lettered malformed message: step={} partition={} offset={} key={}: {}", step().label(),
                record.partition(), record.offset(), UntrustedText.printable(record.key(), VALUE_CAP), why);
        return new Verdict(StepOutcome.MALFORMED, AcknowledgeType.ACCEPT, null, 0, "MALFORMED", true);
    }

    /**
     * A record whose handling failed before any claim for a reason of the statement's own (not an outage): trying
     * again would fail the same way for ever. A decodable task is dead-lettered with the database's error; if even that
     * cannot be stored, the record is rejected (archived by the share group) and the error logged.
     */
    private Verdict unclaimable(ConsumerRecord<String, byte[]> record, SQLException e) {
        String why = describeSql(e);
        TileTask task = null;
        try {
            task = TaskCodec.decode(record.value());
            DeadLetter letter = DeadLetter.forTask(task, "CLAIM_FAILED", e.getClass().getName(), why, clock.instant(), 0,
                    settings.owner());
            database.inTransaction(c -> {
                Outbox.enqueue(c, Step.DLQ_TOPIC, letter.key(), letter.toJson(), Duration.ZERO);
                return null;
            });
            metrics.deadLettered();
            LOG.error("Dead-lettered a task the database refused to claim: step={} run={} tile={}: {}", step().label(),
                    task.runId(), task.tileId(), why);
            return new Verdict(StepOutcome.FAILED, AcknowledgeType.ACCEPT, task, 0, "CLAIM_FAILED", true);
        } catch (SQLException | RuntimeException again) {
            LOG.error("Rejected {}-{}@{} (key {}): the database refused it ({}) and its dead letter ({})", record.topic(),
                    record.partition(), record.offset(), UntrustedText.printable(record.key(), VALUE_CAP), why, again.toString());
            return new Verdict(StepOutcome.FAILED, AcknowledgeType.REJECT, task, 0, "REJECTED", false);
        }
    }

    /** Sleeps; false when interrupted (the flag is left cleared). */
    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static String describe(Throwable e) {
        return UntrustedText.printable(e.getCause() == null ? String.valueOf(e.getMessage())
                : e.getMessage() + " (cause: " + e.getCause() + ")", MESSAGE_CAP);
    }

    /** The database's own words: SQLState and message, printable and bounded. */
    static String describeSql(SQLException e) {
        return UntrustedText.printable("SQLState " + DatabaseOutage.state(e) + ": " + e.getMessage(), MESSAGE_CAP);
    }

    private void logOutcome(ConsumerRecord<String, byte[]> record, Verdict v, Duration took) {
        String run = v.task() == null ? "-" : v.task().runId();
        String tile = v.task() != null ? v.task().tileId() : record == null ? "-" : UntrustedText.printable(record.key(), VALUE_CAP);
        if (v.reason() == null) {
            LOG.info("step={} run={} tile={} outcome={} attempt={} duration_ms={}", step().label(), run, tile, v.outcome(),
                    v.attempt(), took.toMillis());
        } else {
            LOG.info("step={} run={} tile={} outcome={} attempt={} duration_ms={} reason={}", step().label(), run, tile,
                    v.outcome(), v.attempt(), took.toMillis(), v.reason());
        }
    }
}
