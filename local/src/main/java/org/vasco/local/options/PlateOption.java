package org.vasco.local.options;

import picocli.CommandLine.Option;

/**
 * {@code --plate PLATE}, the POSS-I E plate whose tiles a local run covers, first by {@code plate_tile_idx}
 * ({@code vasco demo}, {@code vasco run}, {@code vasco bench scaling}); XE309 unless named, the plate of the demo and
 * of the reference's test tiles. A picocli mixin ({@code @Mixin PlateOption plate}).
 */
public final class PlateOption {

    /** The plate a local run covers when none is named. */
    public static final String DEFAULT_PLATE = "XE309";

    @Option(names = "--plate", paramLabel = "PLATE", defaultValue = DEFAULT_PLATE,
            description = "The POSS-I E plate whose first tiles run (default: ${DEFAULT-VALUE}).")
    String plate;

    /** The plate named, or {@value #DEFAULT_PLATE}. */
    public String plateId() {
        return plate;
    }
}
