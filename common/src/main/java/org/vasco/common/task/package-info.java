/**
 * The message on the tile topics and its pieces: {@link org.vasco.common.task.TileTask} (ids, not data, validated
 * once when it is decoded), its JSON codec, the {@link org.vasco.common.task.Step}s with their topics, and the
 * validated run name.
 */
package org.vasco.common.task;
