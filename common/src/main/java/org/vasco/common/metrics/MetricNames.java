package org.vasco.common.metrics;

/**
 * Metric names: a contract with the Grafana dashboards and docs/metrics.md. Micrometer names use dots;
 * the Prometheus scrape shows them with underscores and unit suffixes (e.g. {@code vasco_step_duration_seconds}).
 */
public final class MetricNames {

    /** Timer, tags service, outcome (ok, http_error, unavailable). */
    public static final String EXTERNAL_REQUEST = "vasco.external.request";
    /** Counter, tags service, kind (status code class, timeout, connect, rate_limited). */
    public static final String EXTERNAL_ERRORS = "vasco.external.errors";

    private MetricNames() {
    }
}
