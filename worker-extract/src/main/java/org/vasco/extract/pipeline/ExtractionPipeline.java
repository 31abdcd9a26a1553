package org.vasco.extract.pipeline;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.Astrometry;
import org.vasco.common.fits.DetectionAstrometry;
import org.vasco.common.fits.FitsFormatException;
import org.vasco.common.fits.FitsImage;
import org.vasco.common.fits.LdacCatalogue;
import org.vasco.common.fits.PsfexModel;
import org.vasco.common.sky.AstrometryHeaderException;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.storage.ArtefactFence;
import org.vasco.extract.config.ConfigFile;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.ExtractionException.Kind;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolRun;
import org.vasco.extract.tool.ToolVersions;

/**
 * SPEC §5: SExtractor pass 1 → PSFEx → SExtractor pass 2 on one image, then the pass-2 catalogue
 * read into detections. The one code path of the cluster stage and of {@code vasco extract}. On the fast
 * path ({@link FinalPass#POSITIONS}) the last run is the position pass and its catalogue is {@code ArtefactFile.POSITIONS_CATALOGUE}.
 *
 * <p>Every attempt starts from an empty scratch directory (removed and recreated), writes the
 * configuration files there and runs the tools with it as working directory. The artefacts
 * {@code ArtefactFile.PASS1_CATALOGUE}, {@code ArtefactFile.PSF_MODEL} and {@code ArtefactFile.PASS2_CATALOGUE} are renamed into the destination only
 * after all three tools succeeded and the catalogue was read, {@code ArtefactFile.PASS2_CATALOGUE} last, so its
 * presence marks a complete set; a failure at any earlier point leaves nothing new there, and the
 * failed attempt's scratch directory is removed (the tools' logs are kept).
 * The scratch directory must be on the same file system as the destination (atomic renames).
 *
 * <p>Immutable and thread-safe; concurrent runs need distinct scratch directories.
 */
public final class ExtractionPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(ExtractionPipeline.class);

    private final ToolLocator.Tools tools;
    private final ToolVersions versions;
    private final ExtractionConfig config;
    private final ExtractSettings settings;

    public ExtractionPipeline(ToolLocator.Tools tools, ToolVersions versions, ExtractionConfig config, ExtractSettings settings) {
        this.tools = Objects.requireNonNull(tools, "tools");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ToolVersions versions() {
        return versions;
    }

    /** The binaries this pipeline runs. */
    public ToolLocator.Tools tools() {
        return tools;
    }

    /**
     * What to extract and where.
     *
     * @param image       the input FITS image
     * @param scratch     the attempt's working directory (emptied first)
     * @param logs        where the tools' cleaned stdout/stderr go
     * @param destination where the three artefacts are placed on success
     * @param fence       the gate they pass into place (a stage's: only while its attempt holds the step)
     */
    public record Request(Path image, Path scratch, Path logs, Path destination, FinalPass finalPass, ArtefactFence fence) {

        public Request {
            java.util.Objects.requireNonNull(finalPass, "finalPass");
            java.util.Objects.requireNonNull(fence, "fence");
        }

        /** A request outside a step (a local command, a benchmark, a test): placed unfenced. */
        public Request(Path image, Path scratch, Path logs, Path destination, FinalPass finalPass) {
            this(image, scratch, logs, destination, finalPass, ArtefactFence.UNFENCED);
        }

        /** The full path's request outside a step: pass 2 measures every object, placed unfenced. */
        public Request(Path image, Path scratch, Path logs, Path destination) {
            this(image, scratch, logs, destination, FinalPass.MEASUREMENT);
        }
    }

    /** What runs after PSFEx: the run's mode decides (issue 10 item 1). */
    public enum FinalPass {
        /** The full path: pass 2 with the PSF model and every SPEC §5.4 column, {@code ArtefactFile.PASS2_CATALOGUE}. */
        MEASUREMENT(ArtefactFile.PASS2_CATALOGUE),
        /**
         * The fast path: pass 2's detection without a PSF and with position columns only, {@code ArtefactFile.POSITIONS_CATALOGUE};
         * the measure step later measures the catalogue veto's survivors.
         */
        POSITIONS(ArtefactFile.POSITIONS_CATALOGUE);

        private final ArtefactFile catalogue;

        FinalPass(ArtefactFile catalogue) {
            this.catalogue = catalogue;
        }

        /** The catalogue this pass writes, in the scratch directory and in the destination. */
        public ArtefactFile catalogue() {
            return catalogue;
        }
    }

    /**
     * Runs the three tools and reads the result.
     *
     * @throws ExtractionException  on a bad input, a tool failure or timeout, a missing output, no detections or no PSF
     * @throws InterruptedException when interrupted; the running tool is killed
     */
    public ExtractionResult run(Request request) throws ExtractionException, InterruptedException {
        boolean placed = false;
        try {
            ExtractionResult result = attempt(request);
            placed = true;
            return result;
        } finally {
            if (!placed) {
                discardScratch(request.scratch());
            }
        }
    }

    /**
     * A failed attempt's scratch files are removed at once (the tools' logs stay): on 11,733 tiles they
     * would otherwise pile up. A worker killed mid-attempt leaves them behind; the next attempt's clean
     * start removes those.
     */
    private static void discardScratch(Path scratch) {
        try {
            deleteRecursively(scratch);
        } catch (IOException e) {
            LOG.warn("Cannot remove scratch directory {} after a failed attempt: {}", scratch, e.toString());
        }
    }

    private ExtractionResult attempt(Request request) throws ExtractionException, InterruptedException {
        long start = System.nanoTime();
        FitsImage image;
        try {
            image = FitsImage.inspect(request.image());
        } catch (FitsFormatException e) {
            throw new ExtractionException(Kind.BAD_FITS, e.getMessage(), e);
        }
        Astrometry astrometry = DetectionAstrometry.of(image.header(), request.image().toString());
        Duration timeout = settings.timeoutFor(image.megapixels());
        Path scratch = request.scratch();
        try {
            deleteRecursively(scratch);
            Files.createDirectories(scratch);
            Files.createDirectories(request.logs());
            config.writeTo(scratch);
        } catch (IOException e) {
            throw new ExtractionException(Kind.STORAGE, "Cannot prepare scratch directory " + scratch + ": " + e.getMessage(), e);
        }

        ToolRun.Result pass1 = runTool(new ToolRun("pass1", tools.sextractor(), config.pass1Arguments(image.file()),
                scratch, request.logs(), timeout));
        Path pass1Catalog = requireOutput(pass1, ArtefactFile.PASS1_CATALOGUE.in(scratch));
        int pass1Count = countObjects(pass1Catalog);
        if (pass1Count == 0) {
            throw new ExtractionException(Kind.NO_DETECTIONS, request.image() + ": SExtractor pass 1 found no sources at DETECT_THRESH "
                    + config.effectiveValue(ConfigFile.SEX_PASS1, "DETECT_THRESH").orElse("?") + " sigma with BACK_SIZE "
                    + config.effectiveValue(ConfigFile.SEX_PASS1, "BACK_SIZE").orElse("?")
                    + " px (an image filled by a bright nebula gives none); no PSF can be built");
        }

        ToolRun.Result psfex = runTool(new ToolRun("psfex", tools.psfex(), config.psfexArguments(), scratch, request.logs(), timeout));
        Path psfFile = requireOutput(psfex, ArtefactFile.PSF_MODEL.in(scratch));
        PsfexModel psf;
        try {
            psf = PsfexModel.read(psfFile);
        } catch (FitsFormatException e) {
            throw new ExtractionException(Kind.OUTPUT_MISSING, "PSFEx wrote an unreadable model: " + e.getMessage(), e);
        }
        if (!psf.isUsable()) {
            throw new ExtractionException(Kind.PSF_FAILED, request.image() + ": PSFEx accepted " + psf.accepted() + " of "
                    + psf.loaded() + " candidate stars among " + pass1Count + " pass-1 detections (SAMPLE_MINSN "
                    + config.effectiveValue(ConfigFile.PSFEX, "SAMPLE_MINSN").orElse("?") + ", SAMPLE_FWHMRANGE "
                    + config.effectiveValue(ConfigFile.PSFEX, "SAMPLE_FWHMRANGE").orElse("?") + ", SAMPLE_MAXELLIP "
                    + config.effectiveValue(ConfigFile.PSFEX, "SAMPLE_MAXELLIP").orElse("?")
                    + "): too few usable stars for a PSF model; see " + psfex.stderrLog());
        }

        boolean positionsOnly = request.finalPass() == FinalPass.POSITIONS;
        ToolRun.Result pass2 = runTool(positionsOnly
                ? new ToolRun("positions", tools.sextractor(), config.positionArguments(image.file()), scratch, request.logs(), timeout)
                : new ToolRun("pass2", tools.sextractor(), config.pass2Arguments(image.file()), scratch, request.logs(), timeout));
        Path pass2Catalog = requireOutput(pass2, request.finalPass().catalogue().in(scratch));
        List<Detection> detections;
        try {
            detections = positionsOnly ? read(pass2Catalog).positions() : read(pass2Catalog).detections();
        } catch (FitsFormatException e) {
            throw new ExtractionException(Kind.OUTPUT_MISSING, "SExtractor " + pass2.label() + " catalogue lacks the "
                    + (positionsOnly ? "position" : "SPEC §5.4") + " columns: " + e.getMessage(), e);
        }
        try {
            detections = DetectionAstrometry.apply(astrometry, image.header(), detections, request.image().toString());
        } catch (AstrometryHeaderException e) {
            throw new ExtractionException(Kind.BAD_FITS, e.getMessage(), e);
        }

        List<Path> artefacts = List.of(ArtefactFile.PASS1_CATALOGUE.in(request.destination()),
                ArtefactFile.PSF_MODEL.in(request.destination()), request.finalPass().catalogue().in(request.destination()));
        try {
            // The other mode's final catalogue of an earlier run on this tile must not pass for this run's:
            // in particular a full run's ArtefactFile.PASS2_CATALOGUE is no measure step's output.
            for (FinalPass other : FinalPass.values()) {
                if (other != request.finalPass()) {
                    request.fence().withdraw(other.catalogue().in(request.destination()));
                }
            }
            request.fence().publish(pass1Catalog, artefacts.get(0));
            request.fence().publish(psfFile, artefacts.get(1));
            request.fence().publish(pass2Catalog, artefacts.get(2));
            deleteRecursively(scratch);
        } catch (IOException e) {
            throw new ExtractionException(Kind.STORAGE, "Cannot place artefacts in " + request.destination() + ": " + e.getMessage(), e);
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        ExtractionResult result = new ExtractionResult(pass1Count, detections, psf, astrometry, versions,
                pass1.wallTime(), psfex.wallTime(), pass2.wallTime(), total, artefacts, request.finalPass());
        LOG.debug("Extracted {}: {}", request.image(), result.metrics());
        return result;
    }

    static ToolRun.Result runTool(ToolRun run) throws ExtractionException, InterruptedException {
        ToolRun.Result result;
        try {
            result = run.execute();
        } catch (ToolRun.ScratchStorageException e) {
            throw new ExtractionException(Kind.STORAGE, e.getMessage(), e);
        } catch (IOException e) {
            throw new ExtractionException(Kind.TOOL_FAILED, run.label() + ": cannot run " + run.binary() + ": " + e.getMessage(), e);
        }
        if (result.timedOut()) {
            throw new ExtractionException(Kind.TOOL_TIMEOUT, run.label() + " (" + run.binary() + ") ran longer than "
                    + run.timeout().toSeconds() + " s and was killed; last output: " + result.errorSummary());
        }
        if (result.exitCode() != 0) {
            throw new ExtractionException(Kind.TOOL_FAILED, run.label() + " (" + run.binary() + ") exited with status "
                    + result.exitCode() + ": " + result.errorSummary());
        }
        return result;
    }

    static Path requireOutput(ToolRun.Result result, Path output) throws ExtractionException {
        try {
            if (!Files.isRegularFile(output) || Files.size(output) == 0) {
                throw new ExtractionException(Kind.OUTPUT_MISSING, result.label() + " exited 0 but wrote no "
                        + output.getFileName() + (Files.exists(output) ? " (empty file)" : "") + "; last output: " + result.errorSummary());
            }
        } catch (IOException e) {
            throw new ExtractionException(Kind.OUTPUT_MISSING, "Cannot read " + output + ": " + e.getMessage(), e);
        }
        return output;
    }

    private static int countObjects(Path catalog) throws ExtractionException {
        try {
            return LdacCatalogue.objectCount(catalog);
        } catch (FitsFormatException e) {
            throw new ExtractionException(Kind.OUTPUT_MISSING, "SExtractor wrote an unreadable catalogue: " + e.getMessage(), e);
        }
    }

    static LdacCatalogue read(Path catalog) throws ExtractionException {
        try {
            return LdacCatalogue.read(catalog);
        } catch (FitsFormatException e) {
            throw new ExtractionException(Kind.OUTPUT_MISSING, "SExtractor wrote an unreadable catalogue: " + e.getMessage(), e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
