package org.vasco.coordinator.run;

/**
 * A tile step that ended FAILED.
 *
 * @param tileId  the tile
 * @param step    the step that failed
 * @param reason  the short reason code, may be null
 * @param error   the error message of the last attempt, may be null
 */
public record FailedTile(String tileId, String step, String reason, String error) {
}
