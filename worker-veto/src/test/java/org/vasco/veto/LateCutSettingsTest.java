package org.vasco.veto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.late.LateCuts;
import org.vasco.common.late.LateFilterThresholds;
import org.vasco.common.late.SpikeRules;

class LateCutSettingsTest {

    @Test
    void defaultsAreTheReferenceReleaseValues() {
        LateCuts cuts = LateCutSettings.lateCuts(Environment.of(Map.of()));
        assertThat(cuts.thresholds()).isEqualTo(LateFilterThresholds.reference());
        assertThat(cuts.spikeRules()).isEqualTo(SpikeRules.reference());
    }

    @Test
    void thresholdsCanBeOverriddenUnderTheirStepFourNames() {
        LateCuts cuts = LateCutSettings.lateCuts(Environment.of(Map.of("VASCO_SNR_MIN", "20", "VASCO_SPIKE_CONST_MAG", "11")));
        assertThat(cuts.thresholds().snrMin()).isEqualTo(20);
        assertThat(cuts.spikeRules().constMag()).isEqualTo(11);
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> LateCutSettings.lateCuts(Environment.of(Map.of("VASCO_FWHM_MIN", "two"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_FWHM_MIN");
        assertThatThrownBy(() -> LateCutSettings.lateCuts(Environment.of(Map.of("VASCO_FWHM_MIN", "9"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FWHM window is empty");
    }
}
