package org.vasco.local.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.common.task.Step;
import org.vasco.coordinator.run.RunMode;
import org.vasco.extract.pipeline.ExtractionResult;
import org.vasco.extract.pipeline.SurvivorMeasurement;
import org.vasco.veto.tile.VetoTileStage;

/**
 * The output of {@code vasco bench scaling}: throughput per run mode and extract-worker count, the per-tile costs of
 * each mode measured in its run with the fewest workers (no two extractions competing), and the projection of the
 * full plan on N cores from those costs.
 *
 * <p>Projection model: every tile step runs single-threaded on one core, so a tile costs the sum of its steps' running
 * times in core-seconds (idle gaps cost no CPU, nor does the veto step's wait for its batch to close; the framework's share is measured by {@code vasco bench framework}
 * and is flat); N cores finish the plan in {@code tiles × core-seconds / N}.
 */
record ScalingReport(List<BenchScalingCommand.Measured> results, int cores) {

    static final int PLAN_TILES = 11_733;
    static final List<Integer> PROJECTED_CORES = List.of(2, 8, 32, 128);

    ScalingReport {
        results = List.copyOf(results);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("a scaling report needs at least one measured run");
        }
    }

    void print(PrintWriter out) {
        Map<RunMode, List<BenchScalingCommand.Measured>> byMode = byMode();
        out.printf("%n%6s %16s %7s %9s %11s %16s %13s%n", "mode", "extract workers", "tiles", "wall s", "tiles/min", "vs first row",
                "extract busy");
        byMode.forEach((mode, runs) -> {
            for (BenchScalingCommand.Measured m : runs) {
                out.printf(Locale.ROOT, "%6s %16d %7d %9.1f %11.2f %15.2fx %12.0f%%%n", mode.label(), m.extractWorkers(), m.tiles(),
                        m.run().span().toNanos() / 1e9, m.tilesPerMinute(), m.tilesPerMinute() / runs.get(0).tilesPerMinute(),
                        100 * m.extractBusy());
            }
        });
        out.println("(extract busy: the extract steps' running time over the workers' time, workers x wall; below 100 %"
                + " a worker waited for work, e.g. at the end of a run while another worker ran the last tile)");
        byMode.forEach((mode, runs) -> {
            List<Double> extractions = extractionsInOrder(runs.get(0));
            BenchScalingCommand.Measured last = runs.get(runs.size() - 1);
            if (runs.size() > 1 && extractions.size() > 1) {
                double total = extractions.stream().mapToDouble(Double::doubleValue).sum();
                out.printf(Locale.ROOT, "(%s: at best %.2fx with %d extract workers taking the tiles in the order they came,"
                                + " %.2fx longest first: the %d-worker run's extractions alone, %s s, with cores to spare)%n",
                        mode.label(), total / TileOrderBound.makespan(extractions, last.extractWorkers()),
                        last.extractWorkers(), total / TileOrderBound.makespanLongestFirst(extractions, last.extractWorkers()),
                        runs.get(0).extractWorkers(), extractions.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList());
            }
        });

        Map<RunMode, Double> coreSeconds = new LinkedHashMap<>();
        byMode.forEach((mode, runs) -> coreSeconds.put(mode, printPerTile(out, mode, runs.get(0))));

        out.printf("%nprojection of the full plan (%,d tiles), hours, assuming the steps scale out over the cores"
                + " (framework cost: vasco bench framework):%n", PLAN_TILES);
        out.printf("%7s", "cores");
        coreSeconds.keySet().forEach(mode -> out.printf("%14s", mode.label() + " path"));
        out.println();
        for (int c : PROJECTED_CORES) {
            out.printf("%7d", c);
            coreSeconds.values().forEach(s -> out.printf(Locale.ROOT, "%14.1f", hours(s, c)));
            out.println();
        }
        if (coreSeconds.containsKey(RunMode.FULL) && coreSeconds.containsKey(RunMode.FAST)) {
            out.printf(Locale.ROOT, "fast path: %.3f core-seconds per tile against %.3f, %.2fx less%n", coreSeconds.get(RunMode.FAST),
                    coreSeconds.get(RunMode.FULL), coreSeconds.get(RunMode.FULL) / coreSeconds.get(RunMode.FAST));
        }
        byMode.forEach((mode, runs) -> {
            BenchScalingCommand.Measured first = runs.get(0);
            BenchScalingCommand.Measured last = runs.get(runs.size() - 1);
            out.printf(Locale.ROOT, "scaling (%s): %d -> %d extract workers on %d cores: %.2fx the throughput%n", mode.label(),
                    first.extractWorkers(), last.extractWorkers(), cores, last.tilesPerMinute() / first.tilesPerMinute());
        });
    }

    /** The run's extract steps' running times, seconds, in the order they started. */
    private static List<Double> extractionsInOrder(BenchScalingCommand.Measured run) {
        return run.run().ofStep(Step.EXTRACT.label()).stream().filter(s -> s.startedAt() != null)
                .sorted(java.util.Comparator.comparing(StepTiming::startedAt))
                .map(s -> s.running().toNanos() / 1e9).toList();
    }

    /** Prints one mode's per-tile costs and returns its core-seconds per tile. */
    private static double printPerTile(PrintWriter out, RunMode mode, BenchScalingCommand.Measured base) {
        RunTimeline run = base.run();
        int n = base.tiles();
        out.printf("%nper tile, %s path, from the %d-worker run (means over %d tiles, seconds of one core):%n", mode.label(),
                base.extractWorkers(), n);
        double coreSeconds = 0;
        double tools = 0;
        for (Step step : mode.steps()) {
            List<StepTiming> steps = run.ofStep(step.label());
            double waiting = steps.stream().mapToDouble(s -> s.metricSeconds(VetoTileStage.BATCH_WAIT_SECONDS)).sum() / n;
            double working = steps.stream().mapToDouble(s -> s.running().toNanos() / 1e9).sum() / n - waiting;
            double stepTools = steps.stream().mapToDouble(s -> s.metricSeconds(ExtractionResult.TOOLS_SECONDS)).sum() / n;
            coreSeconds += working;
            tools += stepTools;
            out.printf(Locale.ROOT, "  %-9s %8.3f%s%s%n", step.label(), working, toolDetail(steps, n, stepTools),
                    waiting > 0 ? String.format(Locale.ROOT, "  (and %.3f waiting for the veto batch to close)", waiting) : "");
        }
        out.printf(Locale.ROOT, "  %-9s %8.3f  of which the binaries %.3f%n", "total", coreSeconds, tools);
        return coreSeconds;
    }

    /** The binaries inside a step, when it ran any: each pass's mean wall time, and pass 2's cost per detection. */
    private static String toolDetail(List<StepTiming> steps, int n, double stepTools) {
        if (stepTools == 0) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String key : List.of(ExtractionResult.PASS1_SECONDS, ExtractionResult.PSFEX_SECONDS,
                ExtractionResult.POSITIONS_SECONDS, ExtractionResult.PASS2_SECONDS)) {
            double mean = steps.stream().mapToDouble(s -> s.metricSeconds(key)).sum() / n;
            if (mean > 0) {
                parts.add(String.format(Locale.ROOT, "%s %.3f", key.substring(0, key.length() - "_seconds".length()), mean));
            }
        }
        double pass2 = steps.stream().mapToDouble(s -> s.metricSeconds(ExtractionResult.PASS2_SECONDS)).sum();
        long detections = steps.stream().mapToLong(s -> s.metricCount(ExtractionResult.PASS2_DETECTIONS)).sum();
        if (pass2 > 0 && detections > 0) {
            parts.add(String.format(Locale.ROOT, "%.0f detections, %.2f ms each in pass 2", detections / (double) n,
                    1000 * pass2 / detections));
        }
        long measured = steps.stream().mapToLong(s -> s.metricCount(SurvivorMeasurement.Result.MEASURED)).sum();
        if (measured > 0) {
            parts.add(String.format(Locale.ROOT, "%.0f objects measured", measured / (double) n));
        }
        return String.format(Locale.ROOT, "  (binaries %.3f%s)", stepTools, parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    private Map<RunMode, List<BenchScalingCommand.Measured>> byMode() {
        Map<RunMode, List<BenchScalingCommand.Measured>> byMode = new LinkedHashMap<>();
        for (BenchScalingCommand.Measured m : results) {
            byMode.computeIfAbsent(m.mode(), k -> new ArrayList<>()).add(m);
        }
        return byMode;
    }

    private static double hours(double coreSecondsPerTile, int cores) {
        return PLAN_TILES * coreSecondsPerTile / cores / 3600;
    }
}
