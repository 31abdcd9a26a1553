package org.vasco.coordinator.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;

class ReviewSettingsTest {

    @Test
    void defaultsHaveNoTokenAndAOneArcminuteStamp() {
        ReviewSettings settings = ReviewSettings.from(Environment.of(Map.of()));
        assertThat(settings.token()).isEmpty();
        assertThat(settings.stampArcmin()).isEqualTo(1.0);
        assertThat(settings.stampPixels()).isEqualTo(240);
    }

    @Test
    void theTokenNeverShowsInToString() {
        ReviewSettings settings = ReviewSettings.from(Environment.of(Map.of("VASCO_REVIEW_TOKEN", "s3cret-s3cret-s3cret")));
        assertThat(settings.token()).hasValue("s3cret-s3cret-s3cret");
        assertThat(settings.toString()).doesNotContain("s3cret").contains("token=(set)");
    }

    @Test
    void shortTokensAndOddSizesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ReviewSettings.from(Environment.of(Map.of("VASCO_REVIEW_TOKEN", "short"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_REVIEW_TOKEN")
                .hasMessageNotContaining("short'");
        assertThatThrownBy(() -> ReviewSettings.from(Environment.of(Map.of("VASCO_REVIEW_STAMP_ARCMIN", "30"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_REVIEW_STAMP_ARCMIN");
        assertThatThrownBy(() -> ReviewSettings.from(Environment.of(Map.of("VASCO_REVIEW_STAMP_PIXELS", "8"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_REVIEW_STAMP_PIXELS");
    }
}
