package org.vasco.xmatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.xmatch.science.CatalogueVetoParameters;

class XmatchSettingsTest {

    @Test
    void defaultsAreTheReferenceReleaseValues() {
        assertThat(XmatchSettings.catalogueVetoParameters(Environment.of(Map.of()))).isEqualTo(CatalogueVetoParameters.reference());
    }

    @Test
    void everyThresholdCanBeOverridden() {
        CatalogueVetoParameters p = XmatchSettings.catalogueVetoParameters(Environment.of(Map.of(
                "VASCO_CIRCLE_ARCMIN", "0", "VASCO_XMATCH_RADIUS_ARCSEC", "3", "VASCO_WCSFIX_FALLBACK", "false")));
        assertThat(p.circleRadiusArcmin()).isZero();
        assertThat(p.vetoRadiusArcsec()).isEqualTo(3);
        assertThat(p.wcsfixFallback()).isNull();
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> XmatchSettings.catalogueVetoParameters(Environment.of(Map.of("VASCO_WCSFIX_DEGREE", "two"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_WCSFIX_DEGREE");
        assertThatThrownBy(() -> XmatchSettings.catalogueVetoParameters(Environment.of(Map.of("VASCO_WCSFIX_DEGREE", "3"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("degree must be 1 or 2");
    }

    @Test
    void namesAreUnique() {
        assertThat(XmatchSettings.all().stream().map(s -> s.name()).distinct().count()).isEqualTo(XmatchSettings.all().size());
    }
}
