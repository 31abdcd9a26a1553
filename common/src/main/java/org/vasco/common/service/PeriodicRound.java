package org.vasco.common.service;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A service's background round (the run finaliser's, the run bundles', the backlog gauges', the reconciler's, the
 * outbox pruner's): repeated with a fixed
 * delay on one named daemon thread. A round that fails is logged as a warning and the next one comes as usual, so a
 * database outage delays the work instead of stopping it for good. {@link #close()} stops it. Thread-safe.
 */
public final class PeriodicRound implements AutoCloseable {

    /** One round's work. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final String what;
    private final Logger log;
    private final Work work;
    private final ScheduledExecutorService scheduler;

    /**
     * @param thread the thread's name
     * @param what   what a round does, for the warning when one fails ("Run finalisation round")
     * @param log    the owner's logger, so the warning carries the owner's name
     */
    public PeriodicRound(String thread, String what, Logger log, Work work) {
        this.what = what;
        this.log = log;
        this.work = work;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs a round after {@code firstDelay} and then every {@code interval} after the previous one ends.
     *
     * @param setting the setting {@code interval} comes from, named when it is not positive
     * @throws IllegalArgumentException when {@code interval} is not positive
     */
    public void start(Duration firstDelay, Duration interval, String setting) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException(setting + " must be positive, found " + interval);
        }
        scheduler.scheduleWithFixedDelay(this::runSafely, firstDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("{} failed (will try again): {}", what, e.toString());
        }
    }

    /** Stops the rounds and waits up to ten seconds for one in progress (it is interrupted) to end. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
