package org.vasco.common.stage;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The life of one task record in a slot, shared by the slot's thread (which holds the record and renews its lock) and
 * the stage thread (which claims the step and runs the stage): why the stage is being stopped, if it is, and who
 * settles the claim. Exactly one of them settles it: normally the stage thread when the stage returns; the slot when a
 * stopped stage ignores its interruption for too long ({@link #settle()} decides, once).
 *
 * <p>Causes of a stop: {@link #DEADLINE} (the attempt ran longer than {@code VASCO_STEP_DEADLINE}), {@link #LEASE_LOST}
 * (the lease renewal found another worker owning the step) and {@link #SHUTDOWN} (the shutdown grace is over). The
 * first cause sticks. Thread-safe.
 */
final class StepAttempt {

    static final String DEADLINE = "deadline";
    static final String LEASE_LOST = "lease_lost";
    static final String SHUTDOWN = "shutdown";

    private final AtomicBoolean settled = new AtomicBoolean();
    private final long startedNanos = System.nanoTime();
    private volatile boolean recordHeld = true;
    private volatile Claim claim;
    private volatile String stopCause;
    private volatile long stoppedAtNanos;
    private Thread stageThread; // guarded by this: interrupted only while it runs the stage
    private ScheduledFuture<?> renewal;
    private ScheduledFuture<?> deadline;

    /** The stage thread enters {@code stage.run}: from now on a stop interrupts it. */
    synchronized void stageStarted(Claim claimed, ScheduledFuture<?> leaseRenewal, ScheduledFuture<?> deadlineTimer) {
        this.claim = claimed;
        this.renewal = leaseRenewal;
        this.deadline = deadlineTimer;
        this.stageThread = Thread.currentThread();
        if (stopCause != null) {
            stageThread.interrupt(); // stopped before it even started (shutdown)
        }
    }

    /** The stage returned (or threw): no stop interrupts this thread any more; it may be serving another task soon. */
    synchronized void stageReturned() {
        stageThread = null;
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /** The claim is settled: its lease is no longer renewed. */
    synchronized void claimSettled() {
        stageReturned();
        if (renewal != null) {
            renewal.cancel(false);
        }
    }

    /** Asks the stage to stop for {@code cause}: interrupts it if it is running; the first cause is kept. */
    synchronized void stop(String cause) {
        if (stopCause != null) {
            return;
        }
        stopCause = cause;
        stoppedAtNanos = System.nanoTime();
        if (stageThread != null) {
            stageThread.interrupt();
        }
    }

    /** Why the stage is being stopped, or null. */
    String stopCause() {
        return stopCause;
    }

    /** True when the stage was asked to stop more than {@code patience} ago and the claim is still not settled. */
    boolean ignoresStop(Duration patience) {
        return stopCause != null && !settled.get() && System.nanoTime() - stoppedAtNanos > patience.toNanos();
    }

    /** Claims the right to settle the step; true for the first caller only. */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    /** The claim, once the step was claimed; null before (or when it never was). */
    Claim claim() {
        return claim;
    }

    /** Whether the slot still holds the task record, i.e. can still acknowledge it (its lock did not lapse). */
    boolean recordHeld() {
        return recordHeld;
    }

    void recordHeld(boolean held) {
        this.recordHeld = held;
    }

    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
