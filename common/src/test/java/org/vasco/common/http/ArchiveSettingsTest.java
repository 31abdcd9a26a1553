package org.vasco.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.config.Setting;

class ArchiveSettingsTest {

    private static final ArchiveSettings<String> SURVEY = ArchiveSettings.of("survey", "VASCO_SURVEY",
            "https://survey.example/api", "Survey endpoint",
            "30s", "Timeout of one survey request",
            4, "Attempts per survey request",
            "500ms", "Wait before the first survey retry",
            1.5, "Survey requests per second");

    @Test
    void theFactoryNamesTheFiveSettingsAfterThePrefix() {
        assertThat(SURVEY.all()).extracting(Setting::name).containsExactly("VASCO_SURVEY_URL", "VASCO_SURVEY_TIMEOUT",
                "VASCO_SURVEY_ATTEMPTS", "VASCO_SURVEY_BACKOFF", "VASCO_SURVEY_RATE");
        assertThat(SURVEY.all()).extracting(Setting::defaultValue).containsExactly("https://survey.example/api", "30s", "4",
                "500ms", "1.5");
        assertThat(SURVEY.timeout().doc()).isEqualTo("Timeout of one survey request");
    }

    @Test
    void theServiceIsReadFromTheEnvironmentWithDefaults() {
        ArchiveService defaults = SURVEY.service(Environment.of(Map.of()));
        assertThat(defaults).isEqualTo(new ArchiveService("survey", URI.create("https://survey.example/api"),
                Duration.ofSeconds(30), 4, Duration.ofMillis(500), 1.5));

        ArchiveService local = SURVEY.service(Environment.of(Map.of("VASCO_SURVEY_URL", "http://127.0.0.1:4711/api",
                "VASCO_SURVEY_ATTEMPTS", "2")));
        assertThat(local.baseUrl().getPort()).isEqualTo(4711);
        assertThat(local.maxAttempts()).isEqualTo(2);

        assertThatThrownBy(() -> SURVEY.service(Environment.of(Map.of("VASCO_SURVEY_RATE", "fast"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_SURVEY_RATE");
    }

    @Test
    void servicesMayShareTheirPolitenessAndGiveTheirUrlAsAUri() {
        Setting<URI> url = new Setting<>("VASCO_TAP_URL", "https://tap.example/sync", "TAP endpoint", URI::create);
        ArchiveSettings<URI> tap = new ArchiveSettings<>("tap", url, SURVEY.timeout(), SURVEY.attempts(), SURVEY.backoff(),
                SURVEY.rate());
        ArchiveService service = tap.service(Environment.of(Map.of("VASCO_SURVEY_TIMEOUT", "5s")));
        assertThat(service.name()).isEqualTo("tap");
        assertThat(service.baseUrl()).isEqualTo(URI.create("https://tap.example/sync"));
        assertThat(service.timeout()).isEqualTo(Duration.ofSeconds(5));
    }
}
