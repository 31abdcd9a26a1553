package org.vasco.local.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vasco.common.config.Environment;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.task.Step;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.coordinator.cli.RunModeConverter;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.InvalidRunRequestException;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.coordinator.run.TileSelection;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.SyntheticSkyArchives;
import org.vasco.local.options.HomeOption;
import org.vasco.local.options.PlateOption;
import org.vasco.local.options.RunTimeoutOption;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.sky.CutoutSizeOption;
import org.vasco.testkit.sky.SkySeedOption;
import org.vasco.testkit.sky.SyntheticSky;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench scaling}: tiles per minute of the whole pipeline with 1 and with 2 extract workers (one tile at a
 * time each; the fast path's measure worker runs as many tiles at once as there are extract workers), in the full and
 * the fast run mode, on the synthetic sky, and the projection of the full plan from the measured per-tile costs of
 * each mode. A warm-up run first downloads the tiles and fills the neighbourhood cache (the
 * loopback archives render cut-outs and catalogues on this machine's CPU, which the real archives would not); each
 * measured run then restarts the cluster on the same state with the next mode and worker count and submits the same
 * tiles again.
 */
@Command(name = "scaling", mixinStandardHelpOptions = true,
        description = "Throughput (tiles/min) of M synthetic tiles with 1 and 2 extract workers in each run mode, and the"
                + " full plan's projection on N cores from the measured per-tile costs.")
public final class BenchScalingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tiles", defaultValue = "6", paramLabel = "M",
            description = "How many tiles of the plate, first by plate_tile_idx; enough that one tile's way through the"
                    + " steps does not dominate the run (default: ${DEFAULT-VALUE}).")
    int tiles;

    @Option(names = "--extract-workers", split = ",", defaultValue = "1,2", paramLabel = "K[,K...]",
            description = "Extract worker counts to measure, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> extractWorkers;

    @Option(names = "--modes", split = ",", defaultValue = "full,fast", paramLabel = "MODE[,MODE...]",
            converter = RunModeConverter.class,
            description = "Run modes to measure, each with every worker count (default: ${DEFAULT-VALUE}).")
    List<RunMode> modes;

    @Mixin
    PlateOption plate;

    @Mixin
    SkySeedOption seed;

    @Mixin
    CutoutSizeOption size;

    @Mixin
    RunTimeoutOption timeout;

    @Mixin
    HomeOption home;

    private final CliContext context;
    private final StageRegistry stages;

    public BenchScalingCommand(CliContext context, StageRegistry stages) {
        this.context = context;
        this.stages = stages;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<PlanTile> chosen;
        try {
            PlateCatalogue plates = PlateCatalogue.bundled();
            chosen = new TileSelection(plates, TessellationPlan.generate(plates)).ofPlate(plate.plateId(), tiles);
        } catch (InvalidRunRequestException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (modes.isEmpty() || extractWorkers.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--modes and --extract-workers need at least one value each");
        }
        if (extractWorkers.stream().anyMatch(k -> k < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--extract-workers must all be at least 1: " + extractWorkers);
        }
        Path state = BenchHome.freshState(context, home, "scaling");
        Machine.current().print(out);
        out.printf("%d tile(s) of plate %s, %s' cut-outs, synthetic sky seed %d; each extract worker runs one tile at a time"
                        + " (VASCO_CONCURRENCY=1 for it), the measure worker as many as there are extract workers; state in %s%n",
                chosen.size(), plate.plateId(), BenchFormat.number(size.sizeArcmin()), seed.seed(), state);
        out.flush();
        String stamp = RunSubmission.defaultName("bench-scaling", context.clock()).substring("run-".length());
        List<Measured> results = new ArrayList<>();
        try (SyntheticArchives archives = SyntheticSkyArchives.start(
                SyntheticSky.withSeed(seed.seed()).withSizeArcmin(size.sizeArcmin()))) {
            Environment env = context.cluster().environment().withAll(archives.environment());
            int most = extractWorkers.stream().mapToInt(Integer::intValue).max().orElse(1);
            try (BenchCluster warm = BenchCluster.on(state, BenchCluster.extractionSlots(stages, most), env, most, null)) {
                // the fast path is the cheapest run that stores the cut-outs and fills the neighbourhood cache
                RunTimeline w = warm.runToCompletion(stamp + "-warmup", RunMode.FAST, chosen, context.clock(), timeout.timeout());
                out.printf("warm-up run (downloads the cut-outs, fills the neighbourhood cache; not measured): %s s%n",
                        BenchFormat.seconds(w.span()));
                out.flush();
            }
            for (RunMode mode : modes) {
                for (int k : extractWorkers) {
                    try (BenchCluster bench = BenchCluster.on(state, BenchCluster.extractionSlots(stages, k), env, k, null)) {
                        RunTimeline run = bench.runToCompletion(stamp + "-" + mode.label() + "-x" + k, mode, chosen,
                                context.clock(), timeout.timeout());
                        Measured m = new Measured(mode, k, run);
                        results.add(m);
                        out.printf(Locale.ROOT, "  %s path, %d extract worker(s): %d tiles in %s s, %.2f tiles/min%n",
                                mode.label(), k, chosen.size(), BenchFormat.seconds(run.span()), m.tilesPerMinute());
                        out.flush();
                    }
                }
            }
        }
        new ScalingReport(results, Runtime.getRuntime().availableProcessors()).print(out);
        out.flush();
        return ExitCodes.OK;
    }

    /** One mode's run with one worker count. */
    record Measured(RunMode mode, int extractWorkers, RunTimeline run) {

        int tiles() {
            return run.ofStep(Step.EXTRACT.label()).size();
        }

        double tilesPerMinute() {
            return tiles() * 60 / (run.span().toNanos() / 1e9);
        }

        /** The share of the extract workers' time (workers × the run's span) spent running extract steps. */
        double extractBusy() {
            double running = run.ofStep(Step.EXTRACT.label()).stream().mapToDouble(s -> s.running().toNanos() / 1e9).sum();
            return running / (extractWorkers * (run.span().toNanos() / 1e9));
        }
    }
}
