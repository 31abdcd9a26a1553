package org.vasco.extract.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.DetectionAstrometry;
import org.vasco.common.fits.FitsFormatException;
import org.vasco.common.fits.FitsImage;
import org.vasco.common.fits.LdacCatalogue;
import org.vasco.common.sky.AstrometryHeaderException;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.storage.ArtefactFence;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.ExtractionException.Kind;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolRun;

/**
 * The fast path's measurement (issue 10 item 1c): SExtractor pass 2 with the PSF model, restricted by its
 * association mode to the catalogue veto's survivors, so only they are measured (the model fit behind
 * SPREAD_MODEL is what makes pass 2 slow). Output: {@code ArtefactFile.PASS2_CATALOGUE} in the destination holding exactly the
 * survivors' rows, each equal column for column to the same object's row of a full pass 2, with the position
 * pass's NUMBER in {@code VECTOR_ASSOC} ({@link LdacCatalogue#read} reads it as NUMBER).
 *
 * <p>One survivor band needs the full pass instead: SExtractor 2.25's {@code do_assoc} rounds the object's
 * 1-based Y to a 0-based scan line and gives up when that reaches the image height, so an object whose
 * barycentre lies in the top half of the last row (Y_IMAGE ≥ height − 0.5) is never associated. When a
 * survivor lies there, or when the association's result is not exactly the survivors for any other reason,
 * the whole tile is measured with plain pass 2 and the survivors' rows are kept ({@link LdacSubset}): slower,
 * identical by definition. The result says which was used.
 *
 * <p>No survivors: no tool runs and no {@code ArtefactFile.PASS2_CATALOGUE} is left. Files are placed like
 * {@link ExtractionPipeline}'s: scratch first (emptied at the start, removed at the end), then one atomic
 * rename. Immutable and thread-safe; concurrent runs need distinct scratch directories.
 */
public final class SurvivorMeasurement {

    private static final Logger LOG = LoggerFactory.getLogger(SurvivorMeasurement.class);

    /** How far below the image height (px) a survivor's float-rounded Y is taken as out of the association's reach. */
    private static final double TOP_ROW_MARGIN = 0.5 + 0.001;
    private static final String SUBSET_CATALOG = "pass2-survivors.ldac";

    private final ToolLocator.Tools tools;
    private final ExtractionConfig config;
    private final ExtractSettings settings;

    public SurvivorMeasurement(ToolLocator.Tools tools, ExtractionConfig config, ExtractSettings settings) {
        this.tools = Objects.requireNonNull(tools, "tools");
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * What to measure and where.
     *
     * @param image       the tile's raw FITS image (the one the extract step read)
     * @param psf         the extract step's PSFEx model
     * @param survivors   the catalogue veto's survivors
     * @param scratch     the attempt's working directory (emptied first)
     * @param logs        where the tools' cleaned stdout/stderr go
     * @param destination where {@code ArtefactFile.PASS2_CATALOGUE} is placed
     * @param fence       the gate it passes into place (a stage's: only while its attempt holds the step)
     */
    public record Request(Path image, Path psf, VetoSurvivors survivors, Path scratch, Path logs, Path destination,
                          ArtefactFence fence) {

        public Request {
            java.util.Objects.requireNonNull(fence, "fence");
        }

        /** A request outside a step (a test): placed unfenced. */
        public Request(Path image, Path psf, VetoSurvivors survivors, Path scratch, Path logs, Path destination) {
            this(image, psf, survivors, scratch, logs, destination, ArtefactFence.UNFENCED);
        }
    }

    /** Which SExtractor run measured the survivors. */
    public enum Method {
        /** No survivors, no run. */
        NONE,
        /** The association pass on the survivors (the normal case). */
        ASSOC,
        /** The full pass 2, survivors' rows kept (a survivor beyond the association's reach). */
        FULL_PASS2
    }

    /**
     * A completed measurement.
     *
     * @param survivorsIn objects listed
     * @param detections  the measured rows, world coordinates placed like every pass-2 reader's, NUMBER the position pass's
     * @param method      the run used
     * @param toolTime    wall time inside SExtractor
     * @param totalTime   wall time of the whole measurement
     * @param catalogue   the placed ArtefactFile.PASS2_CATALOGUE, or null without survivors
     */
    public record Result(int survivorsIn, List<Detection> detections, Method method, Duration toolTime, Duration totalTime,
            Path catalogue) {

        /** run_tile.metrics key: survivors of the catalogue veto listed for measurement (the measure step sets it). */
        public static final String SURVIVORS_IN = "survivors_in";
        /** run_tile.metrics key: rows measured (every listed object: the survivors and the PSF-star candidates). */
        public static final String MEASURED = "measured";
        /** run_tile.metrics key: wall time inside SExtractor. */
        public static final String TOOLS_SECONDS = "tools_seconds";
        /** run_tile.metrics key: wall time of the step's measurement. */
        public static final String STEP_SECONDS = "step_seconds";
        /** run_tile.metrics key: {@code assoc}, {@code full_pass2} or {@code none}. */
        public static final String METHOD = "measure_method";

        public Result {
            detections = List.copyOf(detections);
        }

        public Map<String, Object> metrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(SURVIVORS_IN, survivorsIn);
            m.put(MEASURED, detections.size());
            m.put(TOOLS_SECONDS, seconds(toolTime));
            m.put(STEP_SECONDS, seconds(totalTime));
            m.put(METHOD, method.name().toLowerCase(java.util.Locale.ROOT));
            return m;
        }

        private static double seconds(Duration d) {
            return Math.round(d.toNanos() / 1e6) / 1e3;
        }
    }

    /**
     * Measures the survivors.
     *
     * @throws ExtractionException  on a bad image, a tool failure or timeout, a missing output, or survivors that
     *                              are not pass-2 objects at their positions ({@link Kind#INCONSISTENT_INPUTS})
     * @throws InterruptedException when interrupted; the running tool is killed
     */
    public Result run(Request request) throws ExtractionException, InterruptedException {
        long start = System.nanoTime();
        Path target = ArtefactFile.PASS2_CATALOGUE.in(request.destination());
        if (request.survivors().isEmpty()) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw new ExtractionException(Kind.STORAGE, "Cannot remove the stale " + target + ": " + e.getMessage(), e);
            }
            return new Result(0, List.of(), Method.NONE, Duration.ZERO, Duration.ofNanos(System.nanoTime() - start), null);
        }
        boolean placed = false;
        try {
            Result result = attempt(request, target, start);
            placed = true;
            return result;
        } finally {
            if (!placed) {
                try {
                    ExtractionPipeline.deleteRecursively(request.scratch());
                } catch (IOException e) {
                    LOG.warn("Cannot remove scratch directory {} after a failed attempt: {}", request.scratch(), e.toString());
                }
            }
        }
    }

    private Result attempt(Request request, Path target, long start) throws ExtractionException, InterruptedException {
        FitsImage image;
        try {
            image = FitsImage.inspect(request.image());
        } catch (FitsFormatException e) {
            throw new ExtractionException(Kind.BAD_FITS, e.getMessage(), e);
        }
        Duration timeout = settings.timeoutFor(image.megapixels());
        Path scratch = request.scratch();
        VetoSurvivors survivors = request.survivors();
        try {
            ExtractionPipeline.deleteRecursively(scratch);
            Files.createDirectories(scratch);
            Files.createDirectories(request.logs());
            config.writeTo(scratch);
            Files.writeString(scratch.resolve(ExtractionConfig.MEASURE_PARAMETERS), config.measureParameters(), StandardCharsets.ISO_8859_1);
            Files.writeString(scratch.resolve(ExtractionConfig.ASSOC_LIST), survivors.assocList(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ExtractionException(Kind.STORAGE, "Cannot prepare scratch directory " + scratch + ": " + e.getMessage(), e);
        }

        Duration toolTime = Duration.ZERO;
        Path measured = null;
        Method method = Method.ASSOC;
        double reach = image.height() - TOP_ROW_MARGIN;
        List<Integer> beyondReach = survivors.survivors().stream().filter(s -> s.yImage() >= reach)
                .map(VetoSurvivors.Survivor::number).toList();
        if (beyondReach.isEmpty()) {
            ToolRun.Result assoc = ExtractionPipeline.runTool(new ToolRun("measure", tools.sextractor(),
                    config.measureArguments(image.file(), request.psf()), scratch, request.logs(), timeout));
            toolTime = toolTime.plus(assoc.wallTime());
            Path catalog = ExtractionPipeline.requireOutput(assoc, ArtefactFile.PASS2_CATALOGUE.in(scratch));
            String mismatch = mismatch(ExtractionPipeline.read(catalog), survivors);
            if (mismatch == null) {
                measured = catalog;
            } else {
                LOG.warn("{}: the association pass did not return exactly the {} survivors ({}); measuring the whole tile with pass 2",
                        request.image(), survivors.size(), mismatch);
            }
        } else {
            LOG.info("{}: survivors {} lie in the top half of the last row, beyond SExtractor's association; measuring the whole "
                    + "tile with pass 2", request.image(), beyondReach);
        }
        if (measured == null) {
            method = Method.FULL_PASS2;
            Path full = ArtefactFile.PASS2_CATALOGUE.in(scratch);
            try {
                Files.deleteIfExists(full);
            } catch (IOException e) {
                throw new ExtractionException(Kind.STORAGE, "Cannot remove " + full + ": " + e.getMessage(), e);
            }
            ToolRun.Result pass2 = ExtractionPipeline.runTool(new ToolRun("measure-pass2", tools.sextractor(),
                    config.pass2Arguments(image.file(), request.psf().toAbsolutePath()), scratch, request.logs(), timeout));
            toolTime = toolTime.plus(pass2.wallTime());
            ExtractionPipeline.requireOutput(pass2, full);
            measured = scratch.resolve(SUBSET_CATALOG);
            try {
                LdacSubset.keep(full, measured, numbers(survivors));
            } catch (FitsFormatException e) {
                throw new ExtractionException(Kind.OUTPUT_MISSING, "SExtractor wrote an unreadable catalogue: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new ExtractionException(Kind.STORAGE, "Cannot write " + measured + ": " + e.getMessage(), e);
            }
            String mismatch = mismatch(ExtractionPipeline.read(measured), survivors);
            if (mismatch != null) {
                throw new ExtractionException(Kind.INCONSISTENT_INPUTS, request.image() + ": the veto survivors are not pass-2 objects "
                        + "at their positions (" + mismatch + "); was the tile extracted with another configuration?");
            }
        }

        LdacCatalogue catalogue = ExtractionPipeline.read(measured);
        List<Detection> detections;
        try {
            detections = DetectionAstrometry.placedDetections(catalogue);
        } catch (FitsFormatException e) {
            throw new ExtractionException(Kind.OUTPUT_MISSING, "SExtractor measure catalogue lacks the SPEC §5.4 columns: "
                    + e.getMessage(), e);
        } catch (AstrometryHeaderException e) {
            throw new ExtractionException(Kind.BAD_FITS, e.getMessage(), e);
        }
        try {
            request.fence().publish(measured, target);
            ExtractionPipeline.deleteRecursively(scratch);
        } catch (IOException e) {
            throw new ExtractionException(Kind.STORAGE, "Cannot place " + target + ": " + e.getMessage(), e);
        }
        return new Result(survivors.size(), detections, method, toolTime, Duration.ofNanos(System.nanoTime() - start), target);
    }

    private static Set<Integer> numbers(VetoSurvivors survivors) {
        Set<Integer> numbers = new HashSet<>();
        survivors.survivors().forEach(s -> numbers.add(s.number()));
        return numbers;
    }

    /**
     * Null when the catalogue holds each survivor exactly once at exactly its listed X/Y_IMAGE and nothing else;
     * otherwise what differs.
     */
    private static String mismatch(LdacCatalogue catalogue, VetoSurvivors survivors) {
        Map<Integer, VetoSurvivors.Survivor> expected = new HashMap<>();
        survivors.survivors().forEach(s -> expected.put(s.number(), s));
        Set<Integer> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (int row = 0; row < catalogue.rowCount() && problems.size() < 5; row++) {
            int number = (int) catalogue.value("NUMBER", row);
            VetoSurvivors.Survivor s = expected.get(number);
            if (s == null) {
                problems.add("unlisted NUMBER " + number);
            } else if (!seen.add(number)) {
                problems.add("NUMBER " + number + " twice");
            } else if (catalogue.value("X_IMAGE", row) != s.xImage() || catalogue.value("Y_IMAGE", row) != s.yImage()) {
                problems.add("NUMBER " + number + " at " + catalogue.value("X_IMAGE", row) + "," + catalogue.value("Y_IMAGE", row)
                        + ", listed at " + s.xImage() + "," + s.yImage());
            }
        }
        if (problems.isEmpty() && seen.size() < expected.size()) {
            List<Integer> missing = expected.keySet().stream().filter(n -> !seen.contains(n)).sorted().limit(10).toList();
            problems.add((expected.size() - seen.size()) + " survivor(s) not returned, e.g. " + missing);
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }
}
