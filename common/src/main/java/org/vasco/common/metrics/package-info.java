/**
 * Metric names, a contract with dashboards and alerts: every meter of every service is named from
 * {@link org.vasco.common.metrics.MetricNames}. The stage loop's meters themselves live with the loop
 * ({@link org.vasco.common.stage.StepMetrics}), so this package depends on nothing of the cluster.
 */
package org.vasco.common.metrics;
