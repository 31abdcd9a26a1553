package org.vasco.testkit.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.match.MatchMode;
import org.vasco.common.sky.match.SkyMatcher;

class DenseTileTest {

    private static final double RA = 130.013;
    private static final double DEC = 33.081;

    @Test
    void everyCatalogueSeesTheSourcesOfTheConeAndTheDetectionsStayInTheCircle() {
        DenseTile tile = DenseTile.generate(RA, DEC, 45.4, 30, 4000, 500, 1953.2, 5);

        assertThat(tile.ps1().size()).isEqualTo(4000);
        assertThat(tile.usnob().size()).isBetween(3950, 4000);
        assertThat(tile.gaia().size()).isBetween(3800, 4000);
        assertThat(tile.brightStars().size()).isBetween(40, 400);
        for (int i = 0; i < tile.detectionRa().length; i++) {
            assertThat(SkyGeometry.separationDeg(RA, DEC, tile.detectionRa()[i], tile.detectionDec()[i]) * 60).isLessThan(30);
        }
        double farthest = 0;
        double[] ra = tile.gaia().ra();
        double[] dec = tile.gaia().dec();
        for (int i = 0; i < ra.length; i++) {
            farthest = Math.max(farthest, SkyGeometry.separationDeg(RA, DEC, ra[i], dec[i]) * 60);
        }
        assertThat(farthest).isBetween(44.0, 45.5);
    }

    @Test
    void mostDetectionsAreGaiaStarsWithinTheVetoRadius() {
        DenseTile tile = DenseTile.generate(RA, DEC, 45.4, 30, 4000, 500, 1953.2, 5);

        int vetoed = SkyMatcher.match(tile.detectionRa(), tile.detectionDec(), tile.gaia().ra(), tile.gaia().dec(), 5,
                MatchMode.BEST1).size();

        assertThat(vetoed).isGreaterThan((int) (500 * DenseTile.MATCHED_SHARE * 0.9));
    }

    @Test
    void sameSeedSameTileAndBadSizesAreRefused() {
        DenseTile a = DenseTile.generate(RA, DEC, 20, 10, 300, 50, 1953.2, 9);
        DenseTile b = DenseTile.generate(RA, DEC, 20, 10, 300, 50, 1953.2, 9);

        assertThat(a.gaia().rows()).isEqualTo(b.gaia().rows());
        assertThat(a.detectionRa()).containsExactly(b.detectionRa());
        assertThatThrownBy(() -> DenseTile.generate(RA, DEC, 20, 30, 300, 50, 1953.2, 9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("circle inside the cone");
    }
}
