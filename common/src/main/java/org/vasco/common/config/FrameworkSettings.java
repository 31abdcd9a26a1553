package org.vasco.common.config;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the stage framework itself (the consumer loop, the outbox publisher and the reconciler),
 * as opposed to the {@link ClusterSettings} every service shares. Read through {@link Environment}.
 */
public final class FrameworkSettings {

    public static final Setting<String> CONSUMER_GROUP = Setting.string("VASCO_CONSUMER_GROUP", null,
            "Kafka share group of a worker (every replica of a step joins the same one); defaults to vasco-worker-<step>"
                    + " (set it only to isolate test or canary workers)");
    public static final Setting<String> CONSUMER_OFFSET_RESET = Setting.string("VASCO_CONSUMER_OFFSET_RESET", "earliest",
            "Where a new share group starts (its share.auto.offset.reset, set by the worker on start): earliest"
                    + " (production: no task is skipped) or latest");
    public static final Setting<Duration> MAX_POLL_INTERVAL = Setting.duration("VASCO_MAX_POLL_INTERVAL", "300s",
            "Kafka max.poll.interval.ms of each slot's share consumer; a slot polls to renew its record's lock while its"
                    + " step runs, so long steps never reach it");
    public static final Setting<Duration> STEP_DEADLINE = Setting.duration("VASCO_STEP_DEADLINE", "60m",
            "Longest one attempt of a tile step may run: then the stage is interrupted (and abandoned if it ignores that)"
                    + " and the attempt counts as failed (DEADLINE_EXCEEDED, retried with backoff), so a hung tool cannot"
                    + " hold a tile for ever");
    public static final Setting<Duration> STRANDED_AFTER = Setting.duration("VASCO_STRANDED_AFTER", "5s",
            "A slot whose poll finds no task claims a due step of its step straight from the database once the step's task"
                    + " was published this long ago and is still waiting (in a partition no idle member reads); 0 turns it off");
    public static final Setting<Duration> OUTBOX_POLL = Setting.duration("VASCO_OUTBOX_POLL", "200ms",
            "How often the outbox publisher looks for messages to send when it found none");
    public static final Setting<Boolean> OUTBOX_PUBLISHER = Setting.flag("VASCO_OUTBOX_PUBLISHER", true,
            "Run an outbox publisher in this service (several services in one JVM, as in the local distribution, need only one)");
    public static final Setting<Integer> OUTBOX_BATCH = Setting.integer("VASCO_OUTBOX_BATCH", 200,
            "Outbox rows the publisher sends per transaction");
    public static final Setting<Duration> OUTBOX_SEND_TIMEOUT = Setting.duration("VASCO_OUTBOX_SEND_TIMEOUT", "30s",
            "How long the broker may take to acknowledge an outbox message before the publisher tries it again later");
    public static final Setting<Duration> OUTBOX_RETENTION = Setting.duration("VASCO_OUTBOX_RETENTION", "168h",
            "Published (and failed) outbox messages are deleted by the coordinator after this long (7 days)");
    public static final Setting<Duration> RECONCILE_INTERVAL = Setting.duration("VASCO_RECONCILE_INTERVAL", "15s",
            "How often the reconciler looks for expired leases and forgotten queued tasks");
    public static final Setting<Duration> RECONCILE_STALE = Setting.duration("VASCO_RECONCILE_STALE", "60s",
            "A queued or retrying step whose task was last published longer ago than this is published again");

    private FrameworkSettings() {
    }

    public static List<Setting<?>> all() {
        return List.of(CONSUMER_GROUP, CONSUMER_OFFSET_RESET, MAX_POLL_INTERVAL, STEP_DEADLINE, STRANDED_AFTER,
                OUTBOX_POLL, OUTBOX_PUBLISHER, OUTBOX_BATCH,
                OUTBOX_SEND_TIMEOUT, OUTBOX_RETENTION, RECONCILE_INTERVAL, RECONCILE_STALE);
    }
}
