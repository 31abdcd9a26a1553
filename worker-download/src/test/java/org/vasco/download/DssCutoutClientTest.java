package org.vasco.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.storage.TileArtefacts;

class DssCutoutClientTest {

    @Test
    void theQueryHasTheReferencesParametersInItsOrder() {
        Map<String, String> q = DssCutoutClient.query(2.001, 82.807, 60);

        assertThat(List.copyOf(q.keySet())).containsExactly("v", "r", "d", "e", "h", "w", "f", "c", "fov", "v3");
        assertThat(List.copyOf(q.values())).containsExactly("poss1_red", "2.001000", "82.807000", "J2000", "60.00", "60.00",
                "fits", "none", "NONE", "");
    }

    @Test
    void raIsNormalisedAndDecClampedBeforeTheCall() {
        assertThat(DssCutoutClient.query(-10.5, -29.351, 60)).containsEntry("r", "349.500000").containsEntry("d", "-29.351000");
        assertThat(DssCutoutClient.query(360.0, 95, 60)).containsEntry("r", "0.000000").containsEntry("d", "90.000000");
        assertThat(DssCutoutClient.query(359.9999999, -91, 30)).containsEntry("r", "0.000000").containsEntry("d", "-90.000000")
                .containsEntry("h", "30.00");
        assertThatThrownBy(() -> DssCutoutClient.query(Double.NaN, 0, 60)).hasMessageContaining("finite");
    }

    @Test
    void theFileNameIsTheReferences() {
        assertThat(TileArtefacts.rawImageName(18.182, -29.351, 60)).isEqualTo("dss1-red_18.182_-29.351_60arcmin.fits");
        assertThat(TileArtefacts.rawImageName(-1, 10, 15.5)).isEqualTo("dss1-red_359.000_10.000_15.50arcmin.fits");
    }

    @Test
    void settingsHaveTheDocumentedDefaultsAndNameABadValue() {
        DownloadSettings defaults = DownloadSettings.from(Environment.of(Map.of()));
        assertThat(defaults.dssUrl()).hasToString("https://archive.stsci.edu/cgi-bin/dss_search");
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.attempts()).isEqualTo(5);
        assertThat(defaults.requestsPerSecond()).isEqualTo(2.0);
        assertThat(defaults.sizeArcmin()).isEqualTo(60.0);

        DownloadSettings local = DownloadSettings.from(Environment.of(Map.of("VASCO_DSS_URL",
                "http://127.0.0.1:4711/cgi-bin/dss_search", "VASCO_DSS_RATE", "8")));
        assertThat(local.dssUrl().getPort()).isEqualTo(4711);
        assertThat(local.requestsPerSecond()).isEqualTo(8.0);

        assertThatThrownBy(() -> DownloadSettings.from(Environment.of(Map.of("VASCO_DSS_RATE", "fast"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_DSS_RATE");
        assertThatThrownBy(() -> DownloadSettings.from(Environment.of(Map.of("VASCO_DSS_URL", "ftp://x/y"))))
                .hasMessageContaining("VASCO_DSS_URL");
        assertThatThrownBy(() -> DownloadSettings.from(Environment.of(Map.of("VASCO_DSS_RATE", "0"))))
                .hasMessageContaining("VASCO_DSS_RATE");
    }
}
