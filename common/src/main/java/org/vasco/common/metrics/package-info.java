/**
 * Metric names (a contract with dashboards) and the meters of the stage loop.
 */
package org.vasco.common.metrics;
