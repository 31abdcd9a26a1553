package org.vasco.common.stage;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.task.Step;

/**
 * The validated settings of one {@link StageLoop}.
 *
 * @param groupId         Kafka share group of the step's workers
 * @param owner           identity written to {@code run_tile.lease_owner}; unique per loop instance
 * @param concurrency     tile steps run at once
 * @param maxAttempts     attempts before FAILED
 * @param retryBackoff    delay before the first retry, doubled per attempt
 * @param lease           claim lease, renewed every third of it while the stage runs
 * @param shutdownGrace   how long running steps may finish on close before their claims are released
 * @param maxPollInterval Kafka max.poll.interval.ms of each slot's share consumer
 * @param offsetReset     share.auto.offset.reset of a new share group
 * @param stepDeadline    longest one attempt may run before it is interrupted and counted as failed
 * @param strandedAfter   how long a due step's task may wait after its publication before an idle slot claims the step
 *                        from the database ({@link StrandedSteps}); zero: never
 */
public record LoopSettings(String groupId, String owner, int concurrency, int maxAttempts, Duration retryBackoff,
                           Duration lease, Duration shutdownGrace, Duration maxPollInterval, String offsetReset,
                           Duration stepDeadline, Duration strandedAfter) {

    public LoopSettings {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(owner, "owner");
        require(concurrency >= 1, ClusterSettings.CONCURRENCY.name() + " must be at least 1, found " + concurrency);
        require(maxAttempts >= 1, ClusterSettings.MAX_ATTEMPTS.name() + " must be at least 1, found " + maxAttempts);
        require(!retryBackoff.isNegative(), ClusterSettings.RETRY_BACKOFF.name() + " must not be negative");
        require(lease.toMillis() >= 300, ClusterSettings.LEASE.name() + " must be at least 300ms, found " + lease);
        require(!shutdownGrace.isNegative(), ClusterSettings.SHUTDOWN_GRACE.name() + " must not be negative");
        require(maxPollInterval.toMillis() >= 1000,
                FrameworkSettings.MAX_POLL_INTERVAL.name() + " must be at least 1s, found " + maxPollInterval);
        require(offsetReset.equals("earliest") || offsetReset.equals("latest"),
                FrameworkSettings.CONSUMER_OFFSET_RESET.name() + " must be earliest or latest, found '" + offsetReset + "'");
        require(stepDeadline.toMillis() >= 100,
                FrameworkSettings.STEP_DEADLINE.name() + " must be at least 100ms, found " + stepDeadline);
        require(!strandedAfter.isNegative(), FrameworkSettings.STRANDED_AFTER.name() + " must not be negative");
    }

    /** Reads the loop's settings for {@code step}; the owner is the worker id plus a random suffix. */
    public static LoopSettings from(Environment env, Step step) {
        String worker = env.find(ClusterSettings.WORKER_ID).orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
        String owner = worker + "/" + step.label() + "/" + UUID.randomUUID().toString().substring(0, 8);
        return new LoopSettings(
                env.find(FrameworkSettings.CONSUMER_GROUP).orElse("vasco-worker-" + step.label()),
                owner,
                env.get(ClusterSettings.CONCURRENCY),
                env.get(ClusterSettings.MAX_ATTEMPTS),
                env.get(ClusterSettings.RETRY_BACKOFF),
                env.get(ClusterSettings.LEASE),
                env.get(ClusterSettings.SHUTDOWN_GRACE),
                env.get(FrameworkSettings.MAX_POLL_INTERVAL),
                env.get(FrameworkSettings.CONSUMER_OFFSET_RESET),
                env.get(FrameworkSettings.STEP_DEADLINE),
                env.get(FrameworkSettings.STRANDED_AFTER));
    }

    /** Backoff before the attempt after {@code failedAttempt}: backoff·2^(failedAttempt-1), capped at one hour. */
    public Duration backoffAfter(int failedAttempt) {
        int doublings = Math.min(Math.max(failedAttempt - 1, 0), 20);
        Duration d = retryBackoff.multipliedBy(1L << doublings);
        return d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new org.vasco.common.config.ConfigurationException(message);
        }
    }
}
