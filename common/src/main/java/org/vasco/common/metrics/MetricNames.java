package org.vasco.common.metrics;

/**
 * Metric names: a contract with the Grafana dashboards and docs/metrics.md. Micrometer names use dots;
 * the Prometheus scrape shows them with underscores and unit suffixes (e.g. {@code vasco_step_duration_seconds}).
 */
public final class MetricNames {

    /** Timer, tags service, outcome (ok, http_error, unavailable). */
    public static final String EXTERNAL_REQUEST = "vasco.external.request";
    /**
     * Counter, tags service, kind (the HTTP status, e.g. 429 or 503; timeout, connect, io, too_large, bad_gzip;
     * not_recorded, recording when replaying or recording archive exchanges).
     */
    public static final String EXTERNAL_ERRORS = "vasco.external.errors";

    /** Counter, tags step, outcome ({@code StepOutcome} tag: done, skipped, retry, failed, duplicate, released, malformed). */
    public static final String STEP_COMPLETED = "vasco.step.completed";
    /** Timer with histogram, tags step, outcome: wall time of handling one task message. */
    public static final String STEP_DURATION = "vasco.step.duration";
    /** Counter, tag step: tasks sent to the dead-letter topic. */
    public static final String DLQ_MESSAGES = "vasco.dlq.messages";
    /** Counter, tags step, result (claimed, duplicate, lease_exhausted): outcomes of the claim UPDATE. */
    public static final String CLAIMS = "vasco.claims";
    /** Counter, tag step: consumer-group rebalances that took partitions away from this worker. */
    public static final String CONSUMER_REBALANCES = "vasco.consumer.rebalances";
    /** Gauge: outbox rows due and not yet published (as last seen by this service's publisher). */
    public static final String OUTBOX_BACKLOG = "vasco.outbox.backlog";
    /** Counter, tag topic: outbox rows published to Kafka. */
    public static final String OUTBOX_PUBLISHED = "vasco.outbox.published";
    /** Counter, tag cause (lease_expired, stale): tasks the reconciler published again. */
    public static final String RECONCILER_REQUEUED = "vasco.reconciler.requeued";
    /**
     * Gauge, tag step: tile steps waiting to be claimed (due QUEUED/RETRY rows of run_tile), exported by the
     * coordinator only (cluster-wide: read it with max(), never sum()). What autoscalers and drain times use.
     */
    public static final String STEP_BACKLOG = "vasco.step.backlog";
    /** Gauge, tag step: 1 when the worker's consume loop has stopped without being asked to (the pod idles), else 0. */
    public static final String STAGE_LOOP_DEAD = "vasco.stage.loop.dead";

    /** Counter, tags step, stage: rows left after a stage — pass-2 detections, each veto, survivors, post-stage kept, final. */
    public static final String DETECTIONS = "vasco.detections";
    /** Counter, tags catalog, result (hit, miss): catalogue neighbourhood look-ups served from the cache or fetched. */
    public static final String CATALOG_CACHE = "vasco.catalog.cache";
    /**
     * Counter, tags catalog, result (fetched, failed): neighbourhoods of queued tiles fetched ahead of the xmatch
     * step while their extract step runs.
     */
    public static final String CATALOG_PREFETCH = "vasco.catalog.prefetch";

    private MetricNames() {
    }
}
