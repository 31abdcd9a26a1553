package org.vasco.xmatch.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;

class NeighbourhoodRadiusTest {

    private final NeighbourhoodRadius radius = new NeighbourhoodRadius(60);

    @Test
    void vizierConesReachTheTileCornerPlusThreeArcminutes() {
        assertThat(radius.arcmin(Catalogue.GAIA)).isCloseTo(45.426, within(0.001));
        assertThat(radius.arcmin(Catalogue.USNOB)).isEqualTo(radius.arcmin(Catalogue.GAIA));
    }

    @Test
    void ps1CoversTheWholeVetoConeOfEveryDetectionUnlikeTheReferenceHalfDegreeCap() {
        double cornerDetectionArcmin = 30 * Math.sqrt(2);
        double vetoArcmin = 5 / 60.0;
        assertThat(radius.arcmin(Catalogue.PS1)).isGreaterThan(cornerDetectionArcmin + vetoArcmin);
        assertThat(radius.arcmin(Catalogue.PS1)).isGreaterThan(30 + vetoArcmin).isGreaterThan(0.5 * 60);
    }

    @Test
    void brightStarsAreFetchedWithinFortyFiveArcminutes() {
        assertThat(radius.degrees(Catalogue.PS1_BRIGHT)).isEqualTo(0.75);
        assertThat(radius.arcmin(Catalogue.PS1_BRIGHT)).isGreaterThan(30 * Math.sqrt(2) + 1.5);
    }

    @Test
    void settingsDefaultToTheProductionServicesAndReferenceLimits() {
        CatalogueSettings settings = CatalogueSettings.from(Environment.of(Map.of()));
        assertThat(settings.vizier().baseUrl()).hasToString("https://vizier.u-strasbg.fr/viz-bin/asu-tsv");
        assertThat(settings.mast().baseUrl()).hasToString("https://catalogs.mast.stsci.edu/api/v0.1/panstarrs/dr2/mean.csv");
        assertThat(settings.rowCap()).isEqualTo(200_000);
        assertThat(settings.vizier().maxAttempts()).isEqualTo(3);
        assertThat(settings.radius().arcmin(Catalogue.GAIA)).isCloseTo(45.43, within(0.01));
        assertThat(CatalogueSettings.all()).allSatisfy(s -> assertThat(s.name()).startsWith("VASCO_"));
    }

    @Test
    void aBadSettingNamesItself() {
        assertThatThrownBy(() -> CatalogueSettings.from(Environment.of(Map.of("VASCO_CATALOG_ROW_CAP", "many"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_CATALOG_ROW_CAP");
        assertThatThrownBy(() -> new NeighbourhoodRadius(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
