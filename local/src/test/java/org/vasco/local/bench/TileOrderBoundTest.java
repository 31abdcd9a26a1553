package org.vasco.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TileOrderBoundTest {

    /** The 1-worker extractions of `vasco bench scaling` on 2026-12-07, in the order the tiles came. */
    private static final List<Double> SIX_TILES = List.of(108.8, 50.9, 118.8, 109.5, 52.8, 114.4);

    @Test
    void eachFreeWorkerTakesTheNextTileInTurn() {
        // Worker A: 108.8, then 109.5 at 108.8, then 114.4 at 218.3; worker B: 50.9, 118.8, 52.8 (ends at 222.5).
        assertThat(TileOrderBound.makespan(SIX_TILES, 2)).isCloseTo(332.7, within(1e-9));
        assertThat(TileOrderBound.makespan(SIX_TILES, 1)).isCloseTo(555.2, within(1e-9));
        assertThat(TileOrderBound.makespan(SIX_TILES, 6)).isCloseTo(118.8, within(1e-9));
    }

    @Test
    void takingTheLongestFirstLeavesTheShortTilesForTheEnd() {
        assertThat(TileOrderBound.makespanLongestFirst(SIX_TILES, 2)).isCloseTo(278.5, within(1e-9));
    }
}
