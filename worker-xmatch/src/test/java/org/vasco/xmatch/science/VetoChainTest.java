package org.vasco.xmatch.science;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;

class VetoChainTest {

    private static final double S = 1.0 / 3600;
    private final VetoChain chain = new VetoChain(5);

    @Test
    void eachStageEliminatesEveryDetectionWithASourceWithin5ArcsecInclusive() {
        // detections 0,1 share one Gaia star (best1 eliminates both); 2 has a PS1 source; 3 a USNO-B source; 4 nothing
        double[] ra = {10, 10 + 3 * S, 10.1, 10.2, 10.3};
        double[] dec = {20, 20, 20, 20, 20};
        VetoSources gaia = VetoSources.covered(Catalogue.GAIA, new double[] {10 + 1 * S}, new double[] {20});
        VetoSources ps1 = VetoSources.covered(Catalogue.PS1, new double[] {10.1, 10.3}, new double[] {20 + 4.99 * S, 20 + 5.01 * S});
        VetoSources usnob = VetoSources.covered(Catalogue.USNOB, new double[] {10.2, 10}, new double[] {20, 20});
        VetoChain.Outcome o = chain.run(ra, dec, gaia, ps1, usnob);
        assertThat(o.eliminatedBy()).containsExactly(0, 0, 1, 2, -1);
        assertThat(o.stages()).extracting(VetoChain.Stage::rowsIn).containsExactly(5, 3, 2);
        assertThat(o.stages()).extracting(VetoChain.Stage::eliminated).containsExactly(2, 1, 1);
        assertThat(o.stages()).extracting(VetoChain.Stage::pairs).containsExactly(2, 1, 1);
        assertThat(o.stages().get(2).sourceRow()).containsExactly(0);
        assertThat(o.survivors()).isEqualTo(1);
    }

    @Test
    void aCatalogueThatDoesNotCoverTheTilePassesEverythingAndSaysSo() {
        VetoChain.Outcome o = chain.run(new double[] {10}, new double[] {-40},
                VetoSources.covered(Catalogue.GAIA, new double[0], new double[0]),
                VetoSources.notCovered(Catalogue.PS1, "PS1 does not reach Dec -40"),
                VetoSources.covered(Catalogue.USNOB, new double[0], new double[0]));
        assertThat(o.stages().get(1).covered()).isFalse();
        assertThat(o.survived(0)).isTrue();
    }

    @Test
    void aMissingCatalogueIsAnError() {
        assertThatThrownBy(() -> chain.run(new double[] {10}, new double[] {20},
                VetoSources.covered(Catalogue.GAIA, new double[0], new double[0]), null,
                VetoSources.covered(Catalogue.USNOB, new double[0], new double[0])))
                .isInstanceOf(MissingCatalogueException.class).hasMessageContaining("ps1");
    }

    @Test
    void catalogueSlotsAreChecked() {
        VetoSources gaia = VetoSources.covered(Catalogue.GAIA, new double[0], new double[0]);
        assertThatThrownBy(() -> chain.run(new double[0], new double[0], gaia, gaia, gaia))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expects ps1");
    }
}
