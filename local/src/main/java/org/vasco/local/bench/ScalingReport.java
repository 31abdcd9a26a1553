package org.vasco.local.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The output of {@code vasco bench scaling}: throughput per extract-worker count, the per-tile costs measured in the
 * run with the fewest workers (no two extractions competing), and the projection of the full plan on N cores.
 *
 * <p>Projection model: every tile step runs single-threaded on one core, so a tile costs the sum of its steps' running
 * times in core-seconds (idle gaps cost no CPU; the framework's share is measured by {@code vasco bench framework}
 * and is flat); N cores finish the plan in {@code tiles × core-seconds / N}. The fast-path row replaces the measured
 * pass 2 by the fraction issue #10 measured for it (0.23 s position pass + 0.39 s ASSOC pass against a 13.1 s full
 * pass 2 on a 1,716-object tile): a projection from those figures, not a measurement here.
 */
record ScalingReport(List<BenchScalingCommand.Measured> results, int cores) {

    static final int PLAN_TILES = 11_733;
    static final List<Integer> PROJECTED_CORES = List.of(2, 8, 32, 128);
    /** Issue #10: full pass 2 13.1 s; position pass 0.23 s + ASSOC pass 0.39 s, same tile. */
    static final double FAST_PASS2_FRACTION = (0.23 + 0.39) / 13.1;

    void print(PrintWriter out) {
        BenchScalingCommand.Measured base = results.get(0);
        out.printf("%n%16s %7s %9s %11s %16s%n", "extract workers", "tiles", "wall s", "tiles/min", "vs first row");
        for (BenchScalingCommand.Measured m : results) {
            out.printf(Locale.ROOT, "%16d %7d %9.1f %11.2f %15.2fx%n", m.extractWorkers(), m.tiles(), m.run().span().toNanos() / 1e9,
                    m.tilesPerMinute(), m.tilesPerMinute() / base.tilesPerMinute());
        }

        RunTimeline run = base.run();
        int n = base.tiles();
        double pass1 = mean(run, "extract", "pass1_seconds");
        double psfex = mean(run, "extract", "psfex_seconds");
        double pass2 = mean(run, "extract", "pass2_seconds");
        double detections = run.ofStep("extract").stream().mapToLong(s -> s.metricCount("pass2_detections")).sum() / (double) n;
        double perDetectionMs = 1000 * run.ofStep("extract").stream().mapToDouble(s -> s.metricSeconds("pass2_seconds")).sum()
                / run.ofStep("extract").stream().mapToLong(s -> s.metricCount("pass2_detections")).sum();
        out.printf("%nper tile, from the %d-worker run (means over %d tiles, seconds of one core):%n", base.extractWorkers(), n);
        double coreSeconds = 0;
        for (String step : List.of("download", "extract", "xmatch", "veto")) {
            double running = run.ofStep(step).stream().mapToDouble(s -> s.running().toNanos() / 1e9).sum() / n;
            coreSeconds += running;
            out.printf(Locale.ROOT, "  %-9s %8.3f%n", step, running);
        }
        out.printf(Locale.ROOT, "  %-9s %8.3f  (pass 1 %.3f, PSFEx %.3f, pass 2 %.3f for %.0f detections: %.2f ms per detection)%n",
                "binaries", pass1 + psfex + pass2, pass1, psfex, pass2, detections, perDetectionMs);
        out.printf(Locale.ROOT, "  %-9s %8.3f core-seconds per tile (sum of the steps' running times)%n", "total", coreSeconds);
        double fastCoreSeconds = coreSeconds - pass2 * (1 - FAST_PASS2_FRACTION);

        out.printf("%nprojection of the full plan (%,d tiles), hours, assuming the steps scale out over the cores"
                + " (framework cost: vasco bench framework):%n", PLAN_TILES);
        out.printf("%7s %14s %40s%n", "cores", "full path", "fast path [projected from issue #10]");
        for (int c : PROJECTED_CORES) {
            out.printf(Locale.ROOT, "%7d %14.1f %40.1f%n", c, hours(coreSeconds, c), hours(fastCoreSeconds, c));
        }
        out.printf(Locale.ROOT, "fast path: pass 2 (%.3f s per tile here) replaced by %.1f%% of it, the ratio issue #10 measured"
                + " (0.23 s + 0.39 s against 13.1 s); not measured by this command%n", pass2, 100 * FAST_PASS2_FRACTION);
        BenchScalingCommand.Measured last = results.get(results.size() - 1);
        out.printf(Locale.ROOT, "scaling: %d -> %d extract workers on %d cores: %.2fx the throughput%n", base.extractWorkers(),
                last.extractWorkers(), cores, last.tilesPerMinute() / base.tilesPerMinute());
    }

    private static double mean(RunTimeline run, String step, String key) {
        return run.ofStep(step).stream().mapToDouble(s -> s.metricSeconds(key)).average().orElse(0);
    }

    private static double hours(double coreSecondsPerTile, int cores) {
        return PLAN_TILES * coreSecondsPerTile / cores / 3600;
    }
}
