/**
 * The coordinator's JSON API over PostgreSQL: runs, a run's status, its tiles, its candidates with their stage
 * flags and review verdicts, and its funnel. {@link org.vasco.coordinator.api.ApiRouter} is a small path-template
 * dispatcher on the JDK HTTP server; every id in a path is validated before it reaches SQL, and all SQL is
 * parameterised. The review page and the mutating endpoints live in {@code org.vasco.coordinator.review}.
 */
package org.vasco.coordinator.api;
