package org.vasco.coordinator.cli;

import picocli.CommandLine.Option;

/**
 * {@code --limit N}: only the first N of a plate's tiles, by {@code plate_tile_idx}, for the commands that run a plate
 * ({@code vasco submit --plate}, {@code vasco run}). A picocli mixin ({@code @Mixin TileLimitOption limit}).
 */
public final class TileLimitOption {

    @Option(names = "--limit", paramLabel = "N", description = "Only the plate's first N tiles by plate_tile_idx (default: all).")
    Integer limit;

    /** N, or null for every tile of the plate. */
    public Integer limit() {
        return limit;
    }
}
