package org.vasco.veto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.http.ArchiveService;
import org.vasco.veto.stages.VetoStage;

class VetoSettingsTest {

    @Test
    void defaultsAreTheReleaseValues() {
        VetoSettings s = VetoSettings.from(Environment.of(Map.of()));
        assertThat(s.matchRadiusArcsec()).isEqualTo(5.0);
        assertThat(s.skybotWideArcsec()).isEqualTo(60.0);
        assertThat(s.decMinDeg()).isEqualTo(0.0);
        assertThat(s.morphFwhmRatioMax()).isEqualTo(1.5);
        assertThat(s.morphSpreadSnrMax()).isEqualTo(5.0);
        assertThat(s.shapeProfileDiffMax()).isEqualTo(0.05);
        assertThat(s.shapeElongationMax()).isEqualTo(1.10);
        assertThat(s.shapeCircularityMin()).isEqualTo(0.80);
        assertThat(s.cdsXmatch().baseUrl().toString()).isEqualTo("http://cdsxmatch.u-strasbg.fr/xmatch/api/v1/sync");
        assertThat(s.irsaTap().baseUrl().toString()).isEqualTo("https://irsa.ipac.caltech.edu/TAP/sync");
        assertThat(List.of(s.cdsXmatch(), s.skybot(), s.gavoTap(), s.irsaTap())).extracting(ArchiveService::name)
                .containsExactly("cds-xmatch", "skybot", "gavo-tap", "irsa-tap");
        assertThat(s.skybot().timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.skybot().maxAttempts()).isEqualTo(4);
        assertThat(s.gavoTap().initialBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.irsaTap().requestsPerSecond()).isEqualTo(2.0);
        assertThat(VetoSettings.all()).allSatisfy(setting -> assertThat(setting.name()).startsWith("VASCO_"));
    }

    @Test
    void theChainRunsEnabledStagesInReleaseOrder() {
        VetoSettings all = VetoSettings.from(Environment.of(Map.of()));
        assertThat(ReleaseChain.build(all, id -> Optional.empty(), null, null, new SimpleMeterRegistry()).stages())
                .extracting(VetoStage::name).containsExactly("S0M_MORPH", "S0S_SHAPE", "S1_GSC", "S2_SKYBOT", "S3_SCOS",
                        "S4_PTF", "S5_VSX", "S6_DEC");
        VetoSettings some = VetoSettings.from(Environment.of(Map.of("VASCO_VETO_MORPH_ENABLED", "false",
                "VASCO_VETO_SHAPE_ENABLED", "false", "VASCO_VETO_VSX_ENABLED", "off", "VASCO_DEC_MIN", "-3")));
        var chain = ReleaseChain.build(some, id -> Optional.empty(), null, null, new SimpleMeterRegistry());
        assertThat(chain.stages()).extracting(VetoStage::name)
                .containsExactly("S1_GSC", "S2_SKYBOT", "S3_SCOS", "S4_PTF", "S6_DEC");
        assertThat(chain.stages().get(4).parameters()).containsEntry("dec_min", -3.0);
    }

    @Test
    void aBadValueNamesTheSetting() {
        assertThatThrownBy(() -> VetoSettings.from(Environment.of(Map.of("VASCO_VETO_GSC_ENABLED", "perhaps"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_VETO_GSC_ENABLED");
    }
}
