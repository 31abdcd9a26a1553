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
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.coordinator.run.RunMode;

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
    void theProjectionDividesThePlansCoreTimeOfEachModeByTheCores() {
        List<BenchScalingCommand.Measured> runs = new ArrayList<>();
        for (RunMode mode : RunMode.values()) {
            for (int workers : List.of(1, 2)) {
                List<StepTiming> steps = new ArrayList<>();
                for (String tile : List.of("a", "b")) {
                    // two workers finish the second tile alongside the first: the run takes one tile's time, not two
                    double at = workers == 1 && tile.equals("b") ? tileSeconds(mode) : 0;
                    steps.addAll(mode == RunMode.FULL ? fullTile(tile, at) : fastTile(tile, at));
                }
                runs.add(new BenchScalingCommand.Measured(mode, workers, new RunTimeline(mode + "-" + workers, steps)));
            }
        }

        String printed = print(new ScalingReport(runs, 2)::print);
        double fullHoursOn8 = 11_733 * 24.0 / 8 / 3600;
        double fastHoursOn8 = 11_733 * 8.0 / 8 / 3600;
        assertThat(printed).contains("24.000  of which the binaries 19.000")
                .contains("8.000  of which the binaries 4.500")
                .contains("10.00 ms each in pass 2")
                .contains("positions 0.500")
                .contains("30 objects measured")
                .contains("(and 1.500 waiting for the veto batch to close)")
                .containsPattern("\n\s+8\s+" + String.format(Locale.ROOT, "%.1f", fullHoursOn8) + "\s+"
                        + String.format(Locale.ROOT, "%.1f", fastHoursOn8) + "\n")
                .contains("fast path: 8.000 core-seconds per tile against 24.000, 3.00x less")
                .contains("scaling (full): 1 -> 2 extract workers on 2 cores: 2.00x the throughput")
                .contains("scaling (fast): 1 -> 2 extract workers on 2 cores: 2.00x the throughput")
                // full, 1 worker: 2 × 20 s of extraction in 48 s; 2 workers: 2 × 20 s in 2 × 24 s
                .containsPattern("full\\s+1\\s+2\\s+48\\.0\\s+2\\.50\\s+1\\.00x\\s+83%")
                .containsPattern("full\\s+2\\s+2\\s+24\\.0\\s+5\\.00\\s+2\\.00x\\s+83%");
    }

    private static double tileSeconds(RunMode mode) {
        return mode == RunMode.FULL ? 24 : 9.5;
    }

    /** 1 s download, 20 s extract (pass 2 12 s for 1,200 detections), 2 s xmatch, 1 s veto: 24 core-seconds. */
    private static List<StepTiming> fullTile(String tile, double at) {
        return List.of(step(tile, "download", at, at, at, at + 1, Map.of()),
                step(tile, "extract", at + 1, at + 1, at + 1, at + 21, Map.of("pass1_seconds", 5.0, "psfex_seconds", 2.0,
                        "pass2_seconds", 12.0, "pass2_detections", 1200, "tools_seconds", 19.0)),
                step(tile, "xmatch", at + 21, at + 21, at + 21, at + 23, Map.of()),
                step(tile, "veto", at + 23, at + 23, at + 23, at + 24, Map.of()));
    }

    /**
     * 1 s download, 4 s extract (position pass 0.5 s), 2 s xmatch, 1 s measure of 30 objects, a veto that only waits
     * 1.5 s for its batch: 8 core-seconds.
     */
    private static List<StepTiming> fastTile(String tile, double at) {
        return List.of(step(tile, "download", at, at, at, at + 1, Map.of()),
                step(tile, "extract", at + 1, at + 1, at + 1, at + 5, Map.of("pass1_seconds", 2.0, "psfex_seconds", 1.0,
                        "positions_seconds", 0.5, "tools_seconds", 3.5)),
                step(tile, "xmatch", at + 5, at + 5, at + 5, at + 7, Map.of()),
                step(tile, "measure", at + 7, at + 7, at + 7, at + 8, Map.of("tools_seconds", 1.0, "measured", 30)),
                step(tile, "veto", at + 8, at + 8, at + 8, at + 9.5, Map.of("batch_wait_seconds", 1.5)));
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
