package org.vasco.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic behind the bench outputs, on hand-made timelines: which span counts as the cluster time, how the
 * archive time and the binaries enter the overhead, and how the projection follows from per-tile core time.
 */
class BenchFiguresTest {

    private static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");

    @Test
    void theOverheadIsTheClusterSpanLessArchiveTimeOverTheDirectBinaries() {
        // queued 0 s; download 0.1–0.3; extract 0.4–10.4 (tools 9.8 s); xmatch 10.5–11.0; veto 11.1–12.0
        RunTimeline run = new RunTimeline("r", List.of(
                step("t", "download", 0, 0.05, 0.1, 0.3, Map.of("download_ms", 150)),
                step("t", "extract", 0.3, 0.35, 0.4, 10.4, Map.of("pass1_seconds", 2.0, "psfex_seconds", 0.8, "pass2_seconds", 7.0)),
                step("t", "xmatch", 10.4, 10.45, 10.5, 11.0, Map.of()),
                step("t", "veto", 11.0, 11.05, 11.1, 12.0, Map.of())));
        TileOverhead overhead = new TileOverhead(run, Map.of("download", 0.1, "veto", 0.9),
                List.of(new DirectBinaries.Times(Duration.ofMillis(2000), Duration.ofMillis(800), Duration.ofMillis(7000)),
                        new DirectBinaries.Times(Duration.ofMillis(2000), Duration.ofMillis(800), Duration.ofMillis(7400))));

        assertThat(overhead.clusterSeconds()).isCloseTo(12.0, within(1e-9));
        assertThat(overhead.archiveTotal()).isCloseTo(1.0, within(1e-9));
        assertThat(overhead.binariesSeconds()).as("the mean of the direct runs").isCloseTo(10.0, within(1e-9));
        assertThat(overhead.binariesInClusterSeconds()).isCloseTo(9.8, within(1e-9));
        assertThat(overhead.overhead()).isCloseTo((12.0 - 1.0 - 10.0) / 10.0, within(1e-9));
        // gaps 0.1 + 0.1 + 0.1 + 0.1, download 0.2 - 0.1 archive, extract 10.0 - 9.8 tools; xmatch 0.5, veto 0.9 - 0.9
        assertThat(overhead.frameworkSeconds()).isCloseTo(0.4 + 0.1 + 0.2, within(1e-9));
        assertThat(overhead.scienceSeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(run.ofTile("t").get(1).idleGap()).isEqualTo(Duration.ofMillis(100));
        assertThat(run.ofTile("t").get(1).outboxWait()).isEqualTo(Duration.ofMillis(50));

        String printed = print(out -> overhead.print(out, Path.of("in.fits")));
        assertThat(printed).containsPattern("extract: .*pass1_seconds=2.0").containsPattern("extract: .*pass2_seconds=7.0")
                .contains("xmatch: (records no timings)")
                .endsWith("overhead: 10.0%  (p = (C - A - B) / B)\n");
    }

    @Test
    void theProjectionDividesThePlansCoreTimeByTheCores() {
        List<StepTiming> one = new ArrayList<>();
        List<StepTiming> two = new ArrayList<>();
        for (String tile : List.of("a", "b")) {
            // each tile: 1 s download, 20 s extract (pass 2 12 s for 1,200 detections), 2 s xmatch, 1 s veto = 24 core-seconds
            one.addAll(tileSteps(tile, 0));
            two.addAll(tileSteps(tile, 0));
        }
        ScalingReport report = new ScalingReport(List.of(new BenchScalingCommand.Measured(1, new RunTimeline("x1", one)),
                new BenchScalingCommand.Measured(2, new RunTimeline("x2", two))), 2);

        String printed = print(report::print);
        double hoursOn8 = 11_733 * 24.0 / 8 / 3600;
        double fastHoursOn8 = 11_733 * (24.0 - 12.0 * (1 - (0.23 + 0.39) / 13.1)) / 8 / 3600;
        assertThat(printed).contains("24.000 core-seconds per tile")
                .contains("10.00 ms per detection")
                .containsPattern("\\n\\s+8\\s+" + String.format(java.util.Locale.ROOT, "%.1f", hoursOn8) + "\\s+"
                        + String.format(java.util.Locale.ROOT, "%.1f", fastHoursOn8) + "\\n");
    }

    private static List<StepTiming> tileSteps(String tile, double at) {
        return List.of(step(tile, "download", at, at, at, at + 1, Map.of()),
                step(tile, "extract", at + 1, at + 1, at + 1, at + 21,
                        Map.of("pass1_seconds", 5.0, "psfex_seconds", 2.0, "pass2_seconds", 12.0, "pass2_detections", 1200)),
                step(tile, "xmatch", at + 21, at + 21, at + 21, at + 23, Map.of()),
                step(tile, "veto", at + 23, at + 23, at + 23, at + 24, Map.of()));
    }

    private static StepTiming step(String tile, String step, double queued, double published, double started, double finished,
                                   Map<String, Object> metrics) {
        return new StepTiming(tile, step, "DONE", at(queued), at(published), at(started), at(finished), metrics);
    }

    private static Instant at(double seconds) {
        return T0.plusNanos(Math.round(seconds * 1e9));
    }

    private static String print(java.util.function.Consumer<PrintWriter> printer) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            printer.accept(out);
        }
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
