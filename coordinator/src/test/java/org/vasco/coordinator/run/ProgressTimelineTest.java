package org.vasco.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTimelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static StepSpan span(String tile, String step, String state, int finishedMinute) {
        return new StepSpan(tile, step, state, 1, T0, finishedMinute < 0 ? null : T0.plusSeconds(60L * finishedMinute));
    }

    @Test
    void countsTilesThroughEachStepOverTimeAndDrawsThemAsLevels() {
        ProgressTimeline t = ProgressTimeline.of(T0, 4, List.of("download", "extract"), List.of(
                span("a", "download", "DONE", 1), span("b", "download", "DONE", 1), span("c", "download", "FAILED", 2),
                span("d", "download", "SKIPPED", 2), span("a", "extract", "DONE", 3), span("b", "extract", "RUNNING", -1),
                span("c", "extract", "RETRY", 3)));

        assertThat(t.through("download", T0.plusSeconds(90))).isEqualTo(2);
        assertThat(t.through("download", T0.plusSeconds(120))).isEqualTo(4);
        assertThat(t.through("extract", T0.plusSeconds(600))).as("running and retrying steps have not finished").isEqualTo(1);
        assertThat(t.end()).isEqualTo(T0.plusSeconds(180));
        // columns at minutes 1..4: download 2,4,4,4 of 4 tiles; extract 0,0,1,1; a wider chart spreads the time axis
        assertThat(t.textChart(T0.plusSeconds(240), 12, false).lines().toList().get(2)).isEqualTo("          0:00    4:00");
        assertThat(t.textChart(T0.plusSeconds(240), 4, false)).isEqualTo("""
                download |=@@@| 4/4
                extract  |  ::| 1/4
                          0:00 4:00
                """);
        assertThat(t.textChart(T0.plusSeconds(240), 4, true)).startsWith("download │▄███│ 4/4\nextract  │  ▂▂│ 1/4\n");
    }
}
