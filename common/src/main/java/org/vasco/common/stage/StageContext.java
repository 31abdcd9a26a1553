package org.vasco.common.stage;

import java.time.Clock;
import org.vasco.common.task.TileTask;

/**
 * What a stage is given for one attempt.
 *
 * @param task    the validated task
 * @param attempt the attempt number, 1-based, as claimed in the database
 * @param clock   the time source (tests inject a fixed or offset clock)
 */
public record StageContext(TileTask task, int attempt, Clock clock) {
}
