package org.vasco.common.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.task.Step;

class LoopSettingsTest {

    @Test
    void defaultsGiveOneGroupPerStepAndAUniqueOwnerPerLoop() {
        Environment env = Environment.of(Map.of("VASCO_WORKER_ID", "extract-7f9c"));
        LoopSettings a = LoopSettings.from(env, Step.EXTRACT);
        LoopSettings b = LoopSettings.from(env, Step.EXTRACT);
        assertThat(a.groupId()).isEqualTo("vasco-worker-extract");
        assertThat(a.owner()).startsWith("extract-7f9c/extract/");
        assertThat(a.owner()).isNotEqualTo(b.owner());
        assertThat(a.maxAttempts()).isEqualTo(3);
        assertThat(a.offsetReset()).isEqualTo("earliest");
        assertThat(a.stepDeadline()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void backoffDoublesPerFailedAttemptAndIsCappedAtAnHour() {
        LoopSettings s = LoopSettings.from(Environment.of(Map.of("VASCO_RETRY_BACKOFF", "5s")), Step.DOWNLOAD);
        assertThat(s.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.backoffAfter(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.backoffAfter(40)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void invalidSettingsNameTheVariable() {
        assertThatThrownBy(() -> LoopSettings.from(Environment.of(Map.of("VASCO_CONCURRENCY", "0")), Step.VETO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_CONCURRENCY");
        assertThatThrownBy(() -> LoopSettings.from(Environment.of(Map.of("VASCO_LEASE", "10ms")), Step.VETO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_LEASE");
        assertThatThrownBy(() -> LoopSettings.from(Environment.of(Map.of("VASCO_CONSUMER_OFFSET_RESET", "none")), Step.VETO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_CONSUMER_OFFSET_RESET");
        assertThatThrownBy(() -> LoopSettings.from(Environment.of(Map.of("VASCO_STEP_DEADLINE", "0s")), Step.VETO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("VASCO_STEP_DEADLINE");
    }
}
