package org.vasco.local.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vasco.common.config.Environment;
import org.vasco.common.late.LateCuts;
import org.vasco.common.late.SpikeCut;
import org.vasco.common.tile.TileId;
import org.vasco.local.demo.DemoTile;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.ExtractionPipeline;
import org.vasco.extract.pipeline.ExtractionResult;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolVersions;
import org.vasco.testkit.sky.CutoutSizeOption;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.TileSelection;
import org.vasco.local.options.PlateOption;
import org.vasco.testkit.sky.SkySeedOption;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.veto.LateCutSettings;
import org.vasco.veto.VetoSettings;
import org.vasco.xmatch.science.CatalogueVeto;
import org.vasco.xmatch.science.CatalogueVetoResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench nulltest --tiles N --seed S} (issue 18 item 4): the null test of both science profiles on N
 * synthetic tiles, with the real SExtractor and PSFEx, the real step-4 science and the real post stages
 * ({@link NullTest}). It first prints how the tiles compare with POSS-I E scans on their catalogued stars
 * ({@link SkyRealism}), then per SNR_WIN bin and profile the share of isolated catalogued stars each late filter, the
 * spike cut, S0M and S0S keep, and ends with {@code corrected keeps >= 95% in every bin: yes|no (lowest …)}.
 * Exit 0 when the goal is reached, 1 when not.
 *
 * <p>Tiles: the plan's first N tiles of {@code --plate} (XE309 unless named, as {@code vasco demo}), rendered with seed
 * {@code S} as the loopback DSS server serves them. Settings ({@code VASCO_…}) are the workers': the thresholds tested
 * are the ones a run would use.
 */
@Command(name = "nulltest", mixinStandardHelpOptions = true,
        description = "Treat the isolated catalogued stars of SNR 30-150 on synthetic tiles as candidates and print, per"
                + " SNR bin and science profile, the share each late filter and post stage keeps.")
public final class BenchNullTestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tiles", defaultValue = "4", description = "Number of synthetic tiles (default: ${DEFAULT-VALUE})")
    int tiles;

    @Mixin
    SkySeedOption seed;

    @Mixin
    PlateOption plate;

    @Mixin
    CutoutSizeOption size;

    @Mixin
    WorkDirOption work;

    private final Environment environment;

    /** The command as the {@code vasco} launcher runs it: settings from the process environment. */
    public BenchNullTestCommand() {
        this(Environment.system());
    }

    BenchNullTestCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (tiles < 1) {
            throw new IllegalArgumentException("--tiles must be at least 1, found " + tiles);
        }
        ExtractSettings settings = ExtractSettings.from(environment);
        ToolLocator.Tools tools = ToolLocator.system().locate(settings);
        ToolVersions versions = ToolVersions.of(tools);
        ExtractionPipeline pipeline = new ExtractionPipeline(tools, versions, ExtractionConfig.from(settings), settings);
        CatalogueVeto science = new CatalogueVeto(org.vasco.xmatch.XmatchSettings.catalogueVetoParameters(environment));
        LateCuts lateCuts = LateCutSettings.lateCuts(environment);
        VetoSettings veto = VetoSettings.from(environment);
        Path root = work.directory("vasco-bench-nulltest");
        out.printf(Locale.ROOT, "vasco bench nulltest: %d tile(s) of plate %s, %s', seed %d; SExtractor %s, PSFEx %s;"
                + " work in %s%n", tiles, plate.plateId(), fmt(size.sizeArcmin()), seed.seed(), versions.sextractor(),
                versions.psfex(), root);
        Machine.current().print(out);
        out.flush();
        SkyRealism realism = new SkyRealism();
        List<NullTest.Outcome> outcomes = new ArrayList<>();
        PlateCatalogue plates = PlateCatalogue.bundled();
        SyntheticSky synthetic = SyntheticSky.withSeed(seed.seed());
        for (PlanTile planTile : new TileSelection(plates, TessellationPlan.generate(plates)).ofPlate(plate.plateId(), tiles)) {
            long started = System.nanoTime();
            DemoTile served = new DemoTile(planTile.tileId().value(), planTile.raDeg(), planTile.decDeg(), size.sizeArcmin());
            SkyTile sky = served.render(synthetic);
            TileId tile = sky.tileId();
            String plateId = sky.plate().plateId();
            Path dir = Files.createDirectories(root.resolve(tile.value()));
            Path fits = sky.writeTo(dir);
            ExtractionResult extraction = pipeline.run(new ExtractionPipeline.Request(fits, dir.resolve("work"),
                    dir.resolve("logs"), dir.resolve("extraction")));
            BenchModesCommand.Neighbourhoods n = BenchModesCommand.Neighbourhoods.of(sky);
            CatalogueVetoResult vetoed = BenchModesCommand.step4(science, n, extraction.detections());
            SpikeCut spikes = new SpikeCut(lateCuts.spikeRules(), n.bright().ra(), n.bright().dec(), n.bright().doubles("rmag"));
            List<NullTest.Outcome> tileOutcomes = NullTest.run(sky, extraction.detections(), vetoed, fits, lateCuts, veto);
            outcomes.addAll(tileOutcomes);
            realism.add(tile, extraction.detections(), NullTest.testedStars(sky, extraction.detections(), spikes), n.gaia(),
                    fits, vetoed.wcsfix().sigmaArcsec(), extraction.psf().chi2());
            out.printf(Locale.ROOT, "%s plate=%s detections=%d veto_survivors=%d stars_tested=%d (%.0f s)%n", tile, plateId,
                    extraction.detections().size(), vetoed.survivors().size(), tileOutcomes.size() / 2,
                    (System.nanoTime() - started) / 1e9);
            out.flush();
        }
        out.printf(Locale.ROOT, "Sky, on catalogued stars only (docs/science.md has the targets): FWHM_IMAGE faint %.2f px"
                        + " (%d stars of SNR 30-60; target 2.4), bright %.2f px (%d PSF stars; target 2.75); PSF stars' median"
                        + " SPREAD_MODEL %+.4f (target +0.003); background lag-1 %.2f (target 0.5-0.8); WCSFIX sigma %.2f\""
                        + " (target 0.7); PSFEx chi2/dof %.2f%n",
                realism.faintFwhm(), realism.faintStars(), realism.brightFwhm(), realism.brightStars(), realism.brightSpread(),
                realism.lag1(), realism.wcsfixSigma(), realism.chi2());
        NullTestTable table = new NullTestTable(outcomes);
        out.printf("Null test: %d isolated catalogued stars of SNR_WIN 30-150 judged as candidates; per bin, the share kept%n",
                table.stars());
        table.print(out);
        String goal = table.goalLine();
        out.println(goal);
        out.flush();
        return goal.contains(": yes") ? 0 : 1;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
