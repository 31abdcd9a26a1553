package org.vasco.local.fault;

import java.util.Locale;

/**
 * What a fault run processes: the first {@code tiles} plan tiles of {@code plate}, each downloaded as a
 * {@code sizeArcmin} cut-out of the synthetic sky with {@code seed}. Two runs of the same sky must end with
 * the same candidate table, whatever went wrong during one of them.
 *
 * @param seed       seed of the synthetic sky
 * @param plate      the POSS-I E plate whose tiles are taken, first by plate_tile_idx
 * @param tiles      how many tiles
 * @param sizeArcmin side of each cut-out (small keeps a run to seconds; real SExtractor/PSFEx still run)
 */
public record FaultSky(long seed, String plate, int tiles, double sizeArcmin) {

    /**
     * The suite's sky: 10 tiles of XE309 (north of Dec 0, so every post stage runs) as 10′ cut-outs, with about
     * 50 candidates. Ten is the lower bound: each tile costs a few CPU-seconds (SExtractor twice, PSFEx, the
     * cross-match of its 45′ neighbourhoods), and the class runs five such runs.
     */
    public static final FaultSky SUITE = new FaultSky(11, "XE309", 10, 10);

    public FaultSky {
        if (tiles < 1 || sizeArcmin <= 0 || sizeArcmin > 60) {
            throw new IllegalArgumentException("A fault sky needs at least one tile and a cut-out of (0, 60]′, not "
                    + tiles + " tiles of " + sizeArcmin + "′");
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d × %.0f′ tiles of %s, seed %d", tiles, sizeArcmin, plate, seed);
    }
}
