/**
 * A tile's summary, the counting contract between the steps: {@link org.vasco.common.summary.FunnelCounter} (every
 * counter under the reference's {@code MNRAS_SUMMARY.json} name, for every writer and reader) and
 * {@link org.vasco.common.summary.TileSummaryWriter} (the one writer of the {@code tile_summary} row, merging counters
 * key by key).
 */
package org.vasco.common.summary;
