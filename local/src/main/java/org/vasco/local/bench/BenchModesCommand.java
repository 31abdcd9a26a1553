package org.vasco.local.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.config.Environment;
import org.vasco.common.detection.Detection;
import org.vasco.common.late.LateCuts;
import org.vasco.common.psf.PsfStarPositions;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.tile.TileId;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.ExtractionPipeline;
import org.vasco.extract.pipeline.ExtractionResult;
import org.vasco.extract.pipeline.SurvivorMeasurement;
import org.vasco.extract.pipeline.VetoSurvivors;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolVersions;
import org.vasco.testkit.sky.CutoutSizeOption;
import org.vasco.testkit.sky.NearestPlateOption;
import org.vasco.testkit.sky.SkySeedOption;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.xmatch.science.CatalogueVeto;
import org.vasco.xmatch.science.CatalogueVetoInput;
import org.vasco.xmatch.science.CatalogueVetoParameters;
import org.vasco.xmatch.science.CatalogueVetoResult;
import org.vasco.xmatch.science.RejectedDetection;
import org.vasco.xmatch.science.RejectionStage;
import org.vasco.xmatch.science.Survivor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench modes}: the fast path against the full path (issue 10 item 1) on synthetic tiles, with the real
 * SExtractor and PSFEx and the real step-4 science. Per tile: the full path's tool time (pass 1 + PSFEx + pass 2),
 * the fast path's (pass 1 + PSFEx + position pass + the catalogue veto in-process + the association pass on its
 * survivors), and the survivors of step 4 on each path's rows. Ends with
 * {@code speedup: <x>x, survivors identical: yes|no}, yes only when every tile's survivors are the same objects and
 * every measured column of the fast path equals the full path's.
 *
 * <p>Tiles: the i-th (0-based) is centred {@code i} degrees east of RA 130.013°, Dec +33.081° (a POSS-I field at
 * moderate latitude) and rendered with seed {@code seed + i}, on {@code --plate} or the nearest plate.
 */
@Command(name = "modes", mixinStandardHelpOptions = true,
        description = "Time the fast path (position pass, veto, association pass) against the full path (pass 2 on every"
                + " object) on synthetic tiles, and check that both give the same survivors and measurements.")
public final class BenchModesCommand implements Callable<Integer> {

    static final double FIRST_RA = 130.013;
    static final double FIRST_DEC = 33.081;

    /** Rejections that the catalogue veto (and the circle before it) decide: what the fast path's xmatch step removes. */
    static final Set<RejectionStage> BEFORE_MEASUREMENT = EnumSet.of(RejectionStage.CIRCLE, RejectionStage.VETO_GAIA,
            RejectionStage.VETO_PS1, RejectionStage.VETO_USNOB);

    @Spec
    CommandSpec spec;

    @Option(names = "--tiles", required = true, description = "Number of synthetic tiles")
    int tiles;

    @Mixin
    SkySeedOption seed;

    @Mixin
    NearestPlateOption plate;

    @Mixin
    CutoutSizeOption size;

    @Option(names = "--work", description = "Directory for the tiles and catalogues (default: a temporary one, removed)")
    Path work;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (tiles < 1) {
            throw new IllegalArgumentException("--tiles must be at least 1, found " + tiles);
        }
        ExtractSettings settings = ExtractSettings.from(Environment.of(Map.of()));
        ToolLocator.Tools tools = ToolLocator.system().locate(settings);
        ToolVersions versions = ToolVersions.of(tools);
        ExtractionConfig config = ExtractionConfig.from(settings);
        ExtractionPipeline pipeline = new ExtractionPipeline(tools, versions, config, settings);
        SurvivorMeasurement measurement = new SurvivorMeasurement(tools, config, settings);
        CatalogueVeto science = new CatalogueVeto(CatalogueVetoParameters.reference());
        boolean temporary = work == null;
        Path root = temporary ? Files.createTempDirectory("vasco-bench-modes") : Files.createDirectories(work);
        out.printf(Locale.ROOT, "vasco bench modes: %d tile(s) of %.1f′, seed %d; %d cores, %s %s, Java %s; SExtractor %s, PSFEx %s%n",
                tiles, size.sizeArcmin(), seed.seed(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), versions.sextractor(), versions.psfex());
        out.flush();
        double fullTotal = 0;
        double fastTotal = 0;
        boolean identical = true;
        try {
            for (int i = 0; i < tiles; i++) {
                TileId tile = TileId.fromCentre(FIRST_RA + i, FIRST_DEC);
                String plateId = plate.plateAt(tile.raDeg(), tile.decDeg());
                SkyTile sky = SyntheticSky.withSeed(seed.seed() + i).withSizeArcmin(size.sizeArcmin()).render(tile, plateId);
                Path dir = Files.createDirectories(root.resolve(tile.value()));
                Path image = sky.writeTo(dir);
                TileResult r = benchTile(sky, image, dir, pipeline, measurement, science);
                fullTotal += r.fullSeconds();
                fastTotal += r.fastSeconds();
                identical &= r.identical();
                out.printf(Locale.ROOT, "%s plate=%s naxis=%d objects=%d veto_survivors=%d measured=%d (with S0M's PSF-star candidates)%n"
                                + "  full %.2f s = pass1 %.2f + psfex %.2f + pass2 %.2f%n"
                                + "  fast %.2f s = pass1 %.2f + psfex %.2f + positions %.2f + veto %.2f + assoc %.2f (%s)%n"
                                + "  survivors full=%d fast=%d, identical: %s%s%n",
                        tile.value(), plateId, sky.naxis(), r.objects(), r.vetoSurvivors(), r.measured(),
                        r.fullSeconds(), r.full().get("pass1"), r.full().get("psfex"), r.full().get("pass2"),
                        r.fastSeconds(), r.fast().get("pass1"), r.fast().get("psfex"), r.fast().get("positions"),
                        r.fast().get("veto"), r.fast().get("assoc"), r.method(),
                        r.fullSurvivors().size(), r.fastSurvivors().size(), r.identical() ? "yes" : "no",
                        r.difference().isEmpty() ? "" : " (" + r.difference() + ")");
                out.flush();
            }
        } finally {
            if (temporary) {
                deleteTree(root);
            }
        }
        out.printf(Locale.ROOT, "speedup: %.1fx, survivors identical: %s%n", fullTotal / fastTotal, identical ? "yes" : "no");
        out.flush();
        return identical ? 0 : 1;
    }

    /** One tile's figures: tool wall times (s) by part, the survivors of both paths and whether they agree. */
    record TileResult(int objects, int vetoSurvivors, int measured, Map<String, Double> full, Map<String, Double> fast, String method,
                      Set<Integer> fullSurvivors, Set<Integer> fastSurvivors, String difference) {

        double fullSeconds() {
            return full.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double fastSeconds() {
            return fast.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        boolean identical() {
            return difference.isEmpty();
        }
    }

    private static TileResult benchTile(SkyTile sky, Path image, Path dir, ExtractionPipeline pipeline,
            SurvivorMeasurement measurement, CatalogueVeto science) throws Exception {
        Neighbourhoods neighbourhoods = Neighbourhoods.of(sky);
        ExtractionResult full = pipeline.run(new ExtractionPipeline.Request(image, dir.resolve("full-work"), dir.resolve("full-logs"),
                dir.resolve("full")));
        Map<String, Double> fullTimes = new LinkedHashMap<>();
        fullTimes.put("pass1", seconds(full.pass1Time()));
        fullTimes.put("psfex", seconds(full.psfexTime()));
        fullTimes.put("pass2", seconds(full.pass2Time()));

        ExtractionResult positions = pipeline.run(new ExtractionPipeline.Request(image, dir.resolve("fast-work"), dir.resolve("fast-logs"),
                dir.resolve("fast"), ExtractionPipeline.FinalPass.POSITIONS));
        long vetoStart = System.nanoTime();
        CatalogueVetoResult vetoed = step4(science, neighbourhoods, positions.detections());
        List<Detection> vetoSurvivors = vetoSurvivors(positions.detections(), vetoed);
        List<Detection> toMeasure = measureList(neighbourhoods, positions.detections(), vetoSurvivors);
        double vetoSeconds = (System.nanoTime() - vetoStart) / 1e9;
        SurvivorMeasurement.Result measured = measurement.run(new SurvivorMeasurement.Request(image,
                ArtefactFile.PSF_MODEL.in(dir.resolve("fast")),
                new VetoSurvivors(toMeasure.stream().map(d -> new VetoSurvivors.Survivor(d.number(), d.xImage(), d.yImage())).toList()),
                dir.resolve("measure-work"), dir.resolve("measure-logs"), dir.resolve("fast")));
        Map<String, Double> fastTimes = new LinkedHashMap<>();
        fastTimes.put("pass1", seconds(positions.pass1Time()));
        fastTimes.put("psfex", seconds(positions.psfexTime()));
        fastTimes.put("positions", seconds(positions.pass2Time()));
        fastTimes.put("veto", vetoSeconds);
        fastTimes.put("assoc", seconds(measured.toolTime()));

        Set<Integer> fullSurvivors = survivorNumbers(neighbourhoods, step4(science, neighbourhoods, full.detections()));
        Set<Integer> fastSurvivors = fastPathSurvivors(science, neighbourhoods, positions.detections(), measured.detections());
        List<String> differences = new ArrayList<>();
        if (!fullSurvivors.equals(fastSurvivors)) {
            differences.add("survivors differ: full " + fullSurvivors + ", fast " + fastSurvivors);
        }
        Map<Integer, Detection> fullRows = new HashMap<>();
        full.detections().forEach(d -> fullRows.put(d.number(), d));
        for (Detection d : measured.detections()) {
            if (!d.equals(fullRows.get(d.number()))) {
                differences.add("measured NUMBER " + d.number() + " differs: " + d + " vs " + fullRows.get(d.number()));
            }
        }
        return new TileResult(full.detections().size(), vetoSurvivors.size(), toMeasure.size(), fullTimes, fastTimes,
                measured.method().name().toLowerCase(Locale.ROOT), fullSurvivors, fastSurvivors,
                differences.isEmpty() ? "" : String.join("; ", differences.subList(0, Math.min(3, differences.size()))));
    }

    /**
     * The survivors on the fast path: the position rows go through the circle, WCSFIX and the catalogue veto; the rows
     * that survive it are replaced by their measured rows, which the late filters and the spike cut then judge, as the
     * veto step does after the measure step.
     */
    static Set<Integer> fastPathSurvivors(CatalogueVeto science, Neighbourhoods sky, List<Detection> positions, List<Detection> measured) {
        Map<Integer, Detection> byNumber = new HashMap<>();
        measured.forEach(d -> byNumber.put(d.number(), d));
        List<Detection> rows = positions.stream().map(p -> byNumber.getOrDefault(p.number(), p)).toList();
        return survivorNumbers(sky, step4(science, sky, rows));
    }

    /**
     * What the measure step measures on the fast path: the veto survivors and, as the xmatch step lists them in
     * {@code ArtefactFile.PSF_REFERENCE}, every detection S0M may pick as a PSF star by position ({@link PsfStarPositions});
     * nothing when no detection survived the veto.
     */
    static List<Detection> measureList(Neighbourhoods n, List<Detection> positions, List<Detection> vetoSurvivors) {
        if (vetoSurvivors.isEmpty()) {
            return List.of();
        }
        PsfStarPositions psf = new PsfStarPositions(PsfStarPositions.gaiaStars(n.gaia()));
        Map<Integer, Detection> union = new java.util.TreeMap<>();
        vetoSurvivors.forEach(d -> union.put(d.number(), d));
        for (Detection d : positions) {
            if (psf.admits(n.sky().tileId(), d.alphawinJ2000(), d.deltawinJ2000())) {
                union.putIfAbsent(d.number(), d);
            }
        }
        return List.copyOf(union.values());
    }

    /** The rows the catalogue veto keeps: every row not removed by the circle or a catalogue (what ArtefactFile.VETO_SURVIVORS lists). */
    static List<Detection> vetoSurvivors(List<Detection> rows, CatalogueVetoResult result) {
        Set<Integer> removed = new TreeSet<>();
        for (RejectedDetection r : result.rejected()) {
            if (BEFORE_MEASUREMENT.contains(r.stage())) {
                removed.add(r.detection().number());
            }
        }
        return rows.stream().filter(d -> !removed.contains(d.number())).toList();
    }

    /** The tile's own neighbourhoods (the synthetic sky's catalogues), built once before anything is timed. */
    record Neighbourhoods(SkyTile sky, CatalogueNeighbourhood gaia, CatalogueNeighbourhood ps1, CatalogueNeighbourhood usnob,
                          CatalogueNeighbourhood bright) {

        static Neighbourhoods of(SkyTile sky) {
            double radius = sky.defaultNeighbourhoodRadiusArcmin();
            boolean ps1Covers = Catalogue.PS1.covers(sky.centreDecDeg());
            return new Neighbourhoods(sky, sky.neighbourhood(Catalogue.GAIA, radius),
                    ps1Covers ? sky.neighbourhood(Catalogue.PS1, radius) : null, sky.neighbourhood(Catalogue.USNOB, radius),
                    sky.neighbourhood(Catalogue.PS1_BRIGHT, SkyTile.BRIGHT_STAR_RADIUS_ARCMIN));
        }
    }

    /** Step 4 with the tile's own neighbourhoods, as the xmatch step runs it. */
    static CatalogueVetoResult step4(CatalogueVeto science, Neighbourhoods n, List<Detection> detections) {
        SkyTile sky = n.sky();
        return science.run(new CatalogueVetoInput(sky.tileId().value(), sky.centreRaDeg(), sky.centreDecDeg(),
                sky.plateEpoch().decimalYear(), detections, n.gaia(), n.ps1(), n.ps1() == null ? "south of PS1" : null, n.usnob()));
    }

    /** The final survivors of a tile: the veto's survivors through the late filters and the spike cut (the veto step's cuts). */
    private static Set<Integer> survivorNumbers(Neighbourhoods sky, CatalogueVetoResult vetoed) {
        LateCuts.Outcome cuts = LateCuts.reference().apply(vetoed.survivors().stream().map(Survivor::detection).toList(),
                sky::bright, sky.sky().tileId().value());
        Set<Integer> numbers = new TreeSet<>();
        for (LateCuts.Judged j : cuts.survivors()) {
            numbers.add(j.detection().number());
        }
        return numbers;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
