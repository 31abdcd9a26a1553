package org.vasco.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.text.UntrustedText;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.InvalidRunRequestException;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.coordinator.run.TileSelection;
import org.vasco.download.DownloadSettings;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.options.HomeOption;
import org.vasco.local.options.PlateOption;
import org.vasco.local.options.RunTimeoutOption;
import org.vasco.testkit.sky.CutoutSizeOption;
import org.vasco.testkit.sky.SkySeedOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench tile}: the cluster's overhead over the binaries on one tile. Runs the tile through a local cluster
 * (download → extract → xmatch → veto: Kafka, claims, storage, database), first once to warm the cut-out and
 * neighbourhood caches and the JVM, then again measured; SExtractor pass 1, PSFEx and pass 2 run directly on the
 * same input FITS with the same configuration before and after the measured run (their mean is the baseline). Prints both, step by step, and ends with {@code overhead: <p>%}.
 *
 * <p>The cluster time is the database's: from the submission transaction to the last step's completing (DONE)
 * transaction. Time spent inside requests to the remote archives (here the loopback stand-ins) is reported
 * separately and excluded: serving cut-outs and catalogues is the archive's work, not the cluster's.
 */
@Command(name = "tile", mixinStandardHelpOptions = true,
        description = "Overhead of the cluster over the raw binaries on one tile: the tile through a local cluster"
                + " (warm caches), then SExtractor/PSFEx/SExtractor run directly on the same FITS; ends with 'overhead: <p>%%'.")
public final class BenchTileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tile", paramLabel = "TILE_ID",
            description = "The plan tile to run (default: the first tile of plate " + PlateOption.DEFAULT_PLATE + ").")
    String tile;

    @Option(names = "--sky", paramLabel = "SOURCE", defaultValue = "synthetic",
            description = "synthetic (loopback archives answering from the synthetic sky) or real (default: ${DEFAULT-VALUE}).")
    String sky;

    @Mixin
    SkySeedOption seed;

    @Mixin
    CutoutSizeOption size;

    @Option(names = "--warm-up", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "First run the tile once unmeasured, so the measured run finds the cut-out and the catalogue"
                    + " neighbourhoods cached and the JVM warm, as every tile but a worker's first does (default: on).")
    boolean warmUp;

    @Mixin
    RunTimeoutOption timeout;

    @Mixin
    HomeOption home;

    private final CliContext context;
    private final StageRegistry stages;

    public BenchTileCommand(CliContext context, StageRegistry stages) {
        this.context = context;
        this.stages = stages;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PlanTile planTile = chosenTile();
        Path state = BenchHome.freshState(context, home, "tile");
        Machine.current().print(out);
        out.printf("tile %s (plate %s), %s' cut-out, %s sky; cluster state in %s%n", planTile.tileId(), planTile.plateId(),
                BenchFormat.number(size.sizeArcmin()), sky, state);
        out.flush();
        Environment base = context.cluster().environment()
                .with(DownloadSettings.DSS_SIZE_ARCMIN.name(), Double.toString(size.sizeArcmin()));
        List<DirectBinaries.Times> direct = new ArrayList<>();
        RunTimeline measured;
        Map<String, Double> archive;
        Path image;
        Environment clusterEnv;
        try (BenchCluster bench = BenchCluster.start(state, BenchCluster.extractionSlots(stages, 1), base, sky, seed.seed(), 1)) {
            clusterEnv = bench.cluster().environment();
            ExtractSettings extract = ExtractSettings.from(clusterEnv);
            String stamp = RunSubmission.defaultName("bench-tile", context.clock()).substring("run-".length());
            if (warmUp) {
                RunTimeline first = bench.runToCompletion(stamp + "-warmup", RunMode.FULL, List.of(planTile), context.clock(), timeout.timeout());
                out.printf("warm-up run (cold caches and JVM, not measured): %s s from submission to DONE%n",
                        BenchFormat.seconds(first.span()));
                out.flush();
                direct.add(DirectBinaries.run(extract, inputImage(clusterEnv, planTile), state.resolve("direct-1")));
            }
            Map<String, Double> before = ScrapedMetrics.archiveSeconds(bench.cluster().httpPorts());
            measured = bench.runToCompletion(stamp, RunMode.FULL, List.of(planTile), context.clock(), timeout.timeout());
            archive = ScrapedMetrics.byStep(before, ScrapedMetrics.archiveSeconds(bench.cluster().httpPorts()));
            image = inputImage(clusterEnv, planTile);
            // Before and after the measured run, so a drift in the machine's speed affects both sides alike.
            direct.add(DirectBinaries.run(extract, image, state.resolve("direct-2")));
        }
        new TileOverhead(measured, archive, direct).print(out, image);
        out.flush();
        return ExitCodes.OK;
    }

    private static Path inputImage(Environment env, PlanTile tile) throws IOException {
        return DirectBinaries.inputImage(new ArtefactStore(env.get(ClusterSettings.DATA)).artefacts(tile.tileId()));
    }

    private PlanTile chosenTile() throws InvalidRunRequestException {
        PlateCatalogue plates = PlateCatalogue.bundled();
        TileSelection selection = new TileSelection(plates, TessellationPlan.generate(plates));
        try {
            if (tile == null) {
                return selection.ofPlate(PlateOption.DEFAULT_PLATE, 1).get(0);
            }
            if (!TileId.PATTERN.matcher(tile).matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tile: " + UntrustedText.quoted(tile)
                        + " is not a tile id (expected e.g. tile_RA110.485_DECp29.702)");
            }
            return selection.ofTiles(List.of(tile), "--tile").get(0);
        } catch (InvalidRunRequestException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
