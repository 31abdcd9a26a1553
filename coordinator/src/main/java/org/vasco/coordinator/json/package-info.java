/**
 * The coordinator's JSON conventions ({@link org.vasco.coordinator.json.ApiJson}): snake_case fields, ISO-8601
 * instants; shared by the JSON API, {@code vasco report --json} and the run bundles.
 */
package org.vasco.coordinator.json;
