package org.vasco.coordinator.finalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S0DedupClustersTest {

    private static final double ARCSEC = 1.0 / 3600.0;

    @Test
    void clustersAreTransitiveAndRootedAtTheSmallestId() {
        // a–b 0.2", b–c 0.2": one cluster although a–c is 0.4"; d is 0.26" from c and stays alone.
        List<S0Dedup.Position> rows = List.of(
                new S0Dedup.Position("t:1", 10.0, 20.0),
                new S0Dedup.Position("t:2", 10.0, 20.0 + 0.2 * ARCSEC),
                new S0Dedup.Position("t:3", 10.0, 20.0 + 0.4 * ARCSEC),
                new S0Dedup.Position("t:4", 10.0, 20.0 + 0.66 * ARCSEC));

        Map<Integer, List<Integer>> clusters = S0Dedup.clusters(rows);

        assertThat(clusters).containsExactly(Map.entry(0, List.of(0, 1, 2)), Map.entry(3, List.of(3)));
    }

    @Test
    void pairsAcrossRaZeroAreFound() {
        double offset = 0.1 * ARCSEC / Math.cos(Math.toRadians(-30.0));
        List<S0Dedup.Position> rows = List.of(
                new S0Dedup.Position("t:1", 360.0 - offset, -30.0),
                new S0Dedup.Position("t:2", offset, -30.0));

        assertThat(S0Dedup.clusters(rows)).containsExactly(Map.entry(0, List.of(0, 1)));
    }
}
