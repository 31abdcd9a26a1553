package org.vasco.local.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.vasco.common.task.Step;

/**
 * The figures of {@code vasco bench tile}: the measured run's timeline, the archive time per step, and the binaries
 * run directly. Definitions (docs/performance.md):
 * <ul>
 *   <li>cluster time C: the first step's {@code queued_at} (the submission transaction) → the last step's
 *       {@code finished_at} (its completing transaction, which writes DONE);</li>
 *   <li>archive time A: the workers' {@code vasco_external_request_seconds} during the run (the stand-ins' serving);</li>
 *   <li>binaries' time B: pass 1 + PSFEx + pass 2 run directly, process start to exit (the mean of the direct runs);</li>
 *   <li>overhead p = (C − A − B) / B.</li>
 * </ul>
 */
record TileOverhead(RunTimeline run, Map<String, Double> archiveSeconds, List<DirectBinaries.Times> direct) {

    /** Metric keys of the extract step that are the binaries' own time. */
    private static final List<String> TOOL_KEYS = List.of("pass1_seconds", "psfex_seconds", "pass2_seconds");
    /** Steps whose work is the pipeline's science in Java (cross-match, post stages), not framework. */
    private static final List<String> SCIENCE_STEPS = List.of(Step.XMATCH.label(), Step.VETO.label());

    double clusterSeconds() {
        return run.span().toNanos() / 1e9;
    }

    double archiveTotal() {
        return archiveSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double binariesSeconds() {
        return direct.stream().mapToDouble(t -> t.total().toNanos() / 1e9).average().orElseThrow();
    }

    /** The binaries' time inside the cluster: the extract step's recorded tool times. */
    double binariesInClusterSeconds() {
        return run.steps().stream().mapToDouble(s -> TOOL_KEYS.stream().mapToDouble(s::metricSeconds).sum()).sum();
    }

    /** (C − A − B) / B. */
    double overhead() {
        return (clusterSeconds() - archiveTotal() - binariesSeconds()) / binariesSeconds();
    }

    void print(PrintWriter out, Path image) {
        out.printf("%nbinaries run directly on %s (same configuration files and arguments as the extract step):%n", image);
        out.printf("  %-22s", "run");
        for (int i = 1; i <= direct.size(); i++) {
            out.printf(" %9s", "#" + i);
        }
        out.printf(" %9s%n", "mean");
        row(out, "SExtractor pass 1", DirectBinaries.Times::pass1);
        row(out, "PSFEx", DirectBinaries.Times::psfex);
        row(out, "SExtractor pass 2", DirectBinaries.Times::pass2);
        row(out, "binaries B", DirectBinaries.Times::total);

        out.printf("%ncluster path, run %s (seconds; idle gap = previous step DONE -> this step claimed,"
                + " = outbox wait + Kafka delivery and claim):%n", run.runId());
        out.printf("  %-9s %9s %9s %9s %9s %9s %9s %9s%n", "step", "idle gap", "outbox", "deliver", "running", "archive",
                "binaries", "other");
        double gaps = 0;
        List<String> notes = new ArrayList<>();
        for (StepTiming s : run.steps()) {
            double archive = archiveSeconds.getOrDefault(s.step(), 0.0);
            double tools = TOOL_KEYS.stream().mapToDouble(s::metricSeconds).sum();
            double running = s.running().toNanos() / 1e9;
            double gap = s.idleGap().toNanos() / 1e9;
            gaps += gap;
            out.printf("  %-9s %9s %9s %9s %9s %9s %9s %9s%n", s.step(), BenchFormat.seconds(gap),
                    BenchFormat.seconds(s.outboxWait()), BenchFormat.seconds(s.deliveryAndClaim()), BenchFormat.seconds(running),
                    BenchFormat.seconds(archive), BenchFormat.seconds(tools), BenchFormat.seconds(running - archive - tools));
            notes.add(s.step() + ": " + timings(s.metrics()));
        }
        double c = clusterSeconds();
        double a = archiveTotal();
        out.printf("  %-9s %9s %59s%n", "total", BenchFormat.seconds(gaps), "cluster time C = " + BenchFormat.seconds(c));
        out.printf("%nwhat the running time went to, from run_tile.metrics (times the stages record themselves):%n");
        notes.forEach(n -> out.printf("  %s%n", n));

        double binariesInCluster = binariesInClusterSeconds();
        double own = c - a - binariesInCluster;
        out.printf("%nsummary (seconds):%n");
        out.printf("  cluster time C (submission -> last step DONE)          %9s%n", BenchFormat.seconds(c));
        out.printf("  archive stand-in time A (remote requests, excluded)    %9s%n", BenchFormat.seconds(a));
        out.printf("  binaries inside the cluster (extract step's tool times) %8s%n", BenchFormat.seconds(binariesInCluster));
        out.printf("  the cluster's own time C - A - binaries inside          %9s  (%s%% of them)%n", BenchFormat.seconds(own),
                BenchFormat.percent(own / binariesInCluster));
        out.printf("    of which the framework (idle gaps, download check, extract's file handling) %s s;"
                + " the Java science steps (xmatch, veto) %s s%n", BenchFormat.seconds(frameworkSeconds()),
                BenchFormat.seconds(scienceSeconds()));
        out.printf("  binaries run directly B                                 %8s%n", BenchFormat.seconds(binariesSeconds()));
        out.printf("  the binaries' run-to-run difference, inside vs direct   %8s%%  (noise in p below)%n",
                BenchFormat.percent(binariesInCluster / binariesSeconds() - 1));
        out.printf(Locale.ROOT, "overhead: %s%%  (p = (C - A - B) / B)%n", BenchFormat.percent(overhead()));
    }

    private void row(PrintWriter out, String label, Function<DirectBinaries.Times, Duration> part) {
        out.printf("  %-22s", label);
        double sum = 0;
        for (DirectBinaries.Times t : direct) {
            out.printf(" %9s", BenchFormat.seconds(part.apply(t)));
            sum += part.apply(t).toNanos() / 1e9;
        }
        out.printf(" %9s s%n", BenchFormat.seconds(sum / direct.size()));
    }

    /** Idle gaps of every step, plus what download and extract spend beside the archive and the binaries. */
    double frameworkSeconds() {
        double sum = 0;
        for (StepTiming s : run.steps()) {
            sum += s.idleGap().toNanos() / 1e9;
            if (!SCIENCE_STEPS.contains(s.step())) {
                sum += s.running().toNanos() / 1e9 - archiveSeconds.getOrDefault(s.step(), 0.0)
                        - TOOL_KEYS.stream().mapToDouble(s::metricSeconds).sum();
            }
        }
        return sum;
    }

    /** The running time of the steps that do the pipeline's own Java science, less their archive time. */
    double scienceSeconds() {
        return run.steps().stream().filter(s -> SCIENCE_STEPS.contains(s.step()))
                .mapToDouble(s -> s.running().toNanos() / 1e9 - archiveSeconds.getOrDefault(s.step(), 0.0)).sum();
    }

    /** The metrics that are durations, e.g. {@code overhead_seconds=0.310 download_ms=812}. */
    private static String timings(Map<String, Object> metrics) {
        List<String> parts = new ArrayList<>();
        metrics.forEach((k, v) -> {
            if ((k.endsWith("_seconds") || k.endsWith("_ms")) && v instanceof Number) {
                parts.add(k + "=" + v);
            }
        });
        return parts.isEmpty() ? "(records no timings)" : String.join(" ", parts);
    }
}
