package org.vasco.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.fits.FitsFormatException;
import org.vasco.common.fits.FitsImage;
import org.vasco.common.late.LateCuts;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.extract.cli.LocalExtraction;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.ExtractionException;
import org.vasco.extract.pipeline.ExtractionPipeline;
import org.vasco.extract.pipeline.ExtractionResult;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolNotFoundException;
import org.vasco.coordinator.cli.ScienceProfileOption;
import org.vasco.veto.LateCutSettings;
import org.vasco.veto.ReleaseChain;
import org.vasco.veto.VetoSettings;
import org.vasco.veto.stages.VetoStageException;
import org.vasco.veto.tile.ExtractedTile;
import org.vasco.xmatch.XmatchSettings;
import org.vasco.xmatch.science.CatalogueVeto;
import org.vasco.xmatch.science.CatalogueVetoInput;
import org.vasco.xmatch.science.CatalogueVetoParameters;
import org.vasco.xmatch.science.CatalogueVetoResult;
import org.vasco.xmatch.science.Survivor;
import org.vasco.xmatch.stage.XmatchArtefacts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco process --fits FILE --catalogs DIR --out DIR [--centre RA,DEC]}: steps 2–4 on one local
 * tile, offline — SExtractor pass 1, PSFEx, pass 2 ({@link ExtractionPipeline}), then the 30′ circle,
 * WCSFIX, the Gaia → PS1 → USNO-B veto ({@link CatalogueVeto}), the late filters and the spike cut
 * ({@link LateCuts}, the code the veto step runs), then the pixel post stages S0M and S0S ({@link ProcessCandidates}),
 * all as the chosen science profile ({@code --profile}) has them, with
 * the neighbourhoods read from the user's files in the reference's layouts ({@link CatalogueFiles}).
 * It is the workers' code with the workers' settings ({@code VASCO_…}), so its {@code ArtefactFile.SURVIVORS}
 * and {@code ArtefactFile.SUMMARY} ({@link XmatchArtefacts}, the same writer as the xmatch stage) compare
 * directly with the reference pipeline's {@code sextractor_pass2.filtered.csv} and
 * {@code MNRAS_SUMMARY.json} on identical inputs.
 *
 * <p>The tile centre is the image centre under the header's astrometry unless {@code --centre} is
 * given; the plate epoch is the header's DATE-OBS (or DATE-AVG). Every input is checked before a tool
 * runs. Exit status: 0 done (also with no survivors); 1 a tool is missing, failed or timed out, or DIR
 * cannot be written; 2 an input is missing or unusable (one line on stderr naming it); 3 the image has
 * no usable detections (none in pass 1, or too few stars for a PSF).
 */
@Command(name = "process", mixinStandardHelpOptions = true, modelTransformer = ProcessCommand.OutputFiles.class,
        description = "Run steps 2-4 (extraction, WCSFIX, catalogue veto, late filters, spike cut) on one local FITS tile "
                + "with catalogue neighbourhoods from files in the reference pipeline's layouts.")
public final class ProcessCommand implements Callable<Integer> {

    public static final int EXIT_OK = LocalExtraction.EXIT_OK;
    public static final int EXIT_TOOL = LocalExtraction.EXIT_TOOL;
    public static final int EXIT_BAD_INPUT = LocalExtraction.EXIT_BAD_INPUT;
    public static final int EXIT_NO_DETECTIONS = LocalExtraction.EXIT_NO_DETECTIONS;

    @Spec
    CommandSpec spec;

    @Option(names = "--fits", required = true, paramLabel = "FILE", description = "The plate cut-out (FITS image).")
    Path fits;

    @Option(names = "--catalogs", required = true, paramLabel = "DIR",
            description = "Directory with gaia_neighbourhood.csv, ps1_neighbourhood.csv (optional south of Dec -30), "
                    + "usnob_neighbourhood.csv and ps1_bright_stars_r16_rad45.csv (the column layouts of the reference pipeline: ra,dec,Gmag,…,pmRA,pmDE; ra,dec,rmag for the bright stars).")
    Path catalogs;

    /** Its description lists the files a run leaves there ({@link OutputFiles}). */
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Mixin
    ScienceProfileOption profile;

    @Option(names = "--centre", paramLabel = "RA,DEC",
            description = "Tile centre in degrees; default: the image centre under the header's astrometry.")
    String centre;

    private final Environment environment;
    private final ToolLocator locator;

    /** The command as the {@code vasco} launcher runs it: settings from the process environment. */
    public ProcessCommand() {
        this(Environment.system(), ToolLocator.system());
    }

    public ProcessCommand(Environment environment, ToolLocator locator) {
        this.environment = environment;
        this.locator = locator;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return process(spec.commandLine().getOut());
        } catch (ProcessInputException e) {
            err.println("vasco process: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
    }

    private int process(PrintWriter stdout) throws ProcessInputException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ExtractSettings extractSettings;
        ExtractionConfig config;
        CatalogueVetoParameters parameters;
        LateCuts lateCuts;
        VetoSettings vetoSettings;
        try {
            extractSettings = ExtractSettings.from(environment);
            config = ExtractionConfig.from(extractSettings);
            parameters = XmatchSettings.catalogueVetoParameters(environment).forProfile(profile.profile());
            lateCuts = LateCutSettings.lateCuts(environment).forProfile(profile.profile());
            vetoSettings = VetoSettings.from(environment);
        } catch (IllegalArgumentException | ConfigurationException | IOException e) {
            throw new ProcessInputException(e.getMessage(), e);
        }
        FitsImage image;
        try {
            image = FitsImage.inspect(fits);
        } catch (FitsFormatException e) {
            throw new ProcessInputException(e.getMessage(), e);
        }
        LocalTile tile = LocalTile.of(image, centre);
        CatalogueFiles catalogues = CatalogueFiles.read(catalogs, tile);

        LocalExtraction local;
        try {
            local = LocalExtraction.prepare(extractSettings, config, locator);
        } catch (ToolNotFoundException | IOException e) {
            err.println("vasco process: " + e.getMessage());
            return EXIT_TOOL;
        }
        Path outDir = out.toAbsolutePath().normalize();
        ArtefactStore store = new ArtefactStore(outDir);
        ExtractionResult extraction;
        try {
            extraction = local.run(fits, outDir);
        } catch (ExtractionException e) {
            err.println("vasco process: " + e.getMessage());
            return LocalExtraction.exitCode(e);
        } catch (IOException e) {
            err.println("vasco process: cannot write " + outDir + ": " + e.getMessage());
            return EXIT_TOOL;
        }

        CatalogueVetoResult result = new CatalogueVeto(parameters).run(new CatalogueVetoInput(tile.tileId().value(), tile.centreRaDeg(),
                tile.centreDecDeg(), tile.epoch().decimalYear(), extraction.detections(), catalogues.gaia(), catalogues.ps1(),
                catalogues.ps1NotCoveredReason(tile), catalogues.usnob()));
        // the same cuts, in the same place relative to measurement, as the veto step runs them in the cluster
        LateCuts.Outcome cuts = lateCuts.apply(result.survivors().stream().map(Survivor::detection).toList(),
                catalogues::brightStars, tile.tileId().value());
        try {
            XmatchArtefacts.write(store, outDir, tile.tileId(), result, cuts);
        } catch (IOException e) {
            err.println("vasco process: cannot write " + outDir + ": " + e.getMessage());
            return EXIT_TOOL;
        }
        int candidates;
        try {
            candidates = candidates(store, outDir, tile, catalogues, extraction, result, cuts, vetoSettings);
        } catch (IOException e) {
            err.println("vasco process: cannot write " + outDir + ": " + e.getMessage());
            return EXIT_TOOL;
        } catch (VetoStageException e) {
            err.println("vasco process: " + e.getMessage());
            return EXIT_TOOL;
        }
        Map<String, Object> counters = new java.util.LinkedHashMap<>(result.counters());
        counters.putAll(cuts.counters());
        Function<FunnelCounter, Object> c = counter -> counters.get(counter.key());
        stdout.printf(Locale.ROOT, "%s (centre %.5f %+.5f, epoch %.3f): %d detections, %s in the circle; after Gaia %s, "
                        + "PS1 %s, USNO-B %s; late filters kept %s; spikes rejected %s; WCSFIX %s; %d survivors -> %s;"
                        + " profile %s: S0M and S0S keep %d -> %s%n",
                tile.tileId(), tile.centreRaDeg(), tile.centreDecDeg(), tile.epoch().decimalYear(),
                extraction.detections().size(), c.apply(FunnelCounter.VETO_START_ROWS), c.apply(FunnelCounter.VETO_AFTER_GAIA_ROWS),
                c.apply(FunnelCounter.VETO_AFTER_PS1_ROWS), c.apply(FunnelCounter.VETO_AFTER_USNOB_ROWS),
                c.apply(FunnelCounter.LATE_KEPT_HARD_GATES), c.apply(FunnelCounter.SPIKES_REJECTED),
                result.wcsfix().ok() ? "ok" : "failed (" + result.wcsfix().reason() + ")", cuts.survivors().size(),
                ArtefactFile.SURVIVORS.in(outDir), profile.profile().label(), candidates, ArtefactFile.CANDIDATES.in(outDir));
        stdout.flush();
        return EXIT_OK;
    }

    /** S0M and S0S of the profile on the survivors, at their veto positions, into {@code candidates.csv}. */
    private int candidates(ArtefactStore store, Path outDir, LocalTile tile, CatalogueFiles catalogues,
                           ExtractionResult extraction, CatalogueVetoResult result, LateCuts.Outcome cuts, VetoSettings settings)
            throws IOException, VetoStageException, InterruptedException {
        Map<Integer, double[]> positions = new java.util.HashMap<>();
        result.survivors().forEach(s -> positions.put(s.detection().number(), new double[] {s.raDeg(), s.decDeg()}));
        ExtractedTile extracted = new ExtractedTile(tile.tileId(), extraction.detections(), catalogues.gaia(), fits);
        return ProcessCandidates.write(store, outDir, tile.tileId().value(), "", tile.epoch().decimalYear(),
                tile.epoch().jd(), profile.profile(), cuts.survivors(), positions,
                ReleaseChain.pixelStages(settings, profile.profile(), extracted, extracted, extracted));
    }

    /**
     * Completes {@code --out}'s description with the files a run leaves in the directory, under their names in the
     * artefact layout ({@link ArtefactFile}), so the help cannot drift from what is written.
     */
    public static final class OutputFiles implements CommandLine.IModelTransformer {

        /** The files listed, in the order the help shows them. */
        static final List<ArtefactFile> LISTED = List.of(ArtefactFile.SURVIVORS, ArtefactFile.SUMMARY, ArtefactFile.CANDIDATES,
                ArtefactFile.REJECTED,
                ArtefactFile.VETO_PAIRS, ArtefactFile.HPM_FLAGGED, ArtefactFile.DETECTIONS, ArtefactFile.PASS1_CATALOGUE,
                ArtefactFile.PSF_MODEL, ArtefactFile.PASS2_CATALOGUE);

        @Override
        public CommandSpec transform(CommandSpec spec) {
            OptionSpec out = spec.findOption("--out");
            String files = LISTED.stream().map(ArtefactFile::fileName).collect(Collectors.joining(", "));
            spec.remove(out);
            spec.addOption(out.toBuilder().description("Output directory (created if missing): " + files + ", logs/.").build());
            return spec;
        }
    }
}
