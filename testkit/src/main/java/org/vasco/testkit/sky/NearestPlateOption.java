package org.vasco.testkit.sky;

import picocli.CommandLine.Option;

/**
 * {@code --plate PLATE}, the POSS-I E plate whose header and epoch a rendered synthetic tile carries; without it, the
 * plate whose centre is nearest to the tile ({@link SyntheticSky#nearestPlate}). For the commands that render tiles
 * anywhere on the sky ({@code sky render}, {@code bench modes}); unlike the {@code --plate} of {@code vasco demo}
 * and {@code vasco run}, it does not choose which tiles run, so it has no fixed default. A picocli mixin.
 */
public final class NearestPlateOption {

    @Option(names = "--plate", paramLabel = "PLATE", description = "Plate of the rendered tiles (REGION, e.g. XE309); default:"
            + " the plate whose centre is nearest to each tile (where plates overlap, the plan's choice may differ).")
    String plate;

    /** The plate given, or the one whose centre is nearest to ({@code raDeg}, {@code decDeg}). */
    public String plateAt(double raDeg, double decDeg) {
        return plate != null ? plate : SyntheticSky.nearestPlate(raDeg, decDeg).plateId();
    }
}
