package org.vasco.extract.stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.Environment;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.storage.TileArtefacts;
import org.vasco.common.task.Step;
import org.vasco.common.tile.TileId;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.ExtractionException;
import org.vasco.extract.pipeline.SurvivorMeasurement;
import org.vasco.extract.pipeline.VetoSurvivors;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolNotFoundException;
import org.vasco.extract.tool.ToolVersions;

/**
 * The MEASURE step of the fast path (issue 10 item 1c): {@code tiles/<id>/raw/*.fits},
 * {@code tiles/<id>/extract/ArtefactFile.PSF_MODEL} (from the extract step), {@code tiles/<id>/xmatch/ArtefactFile.VETO_SURVIVORS}
 * (from the xmatch step's catalogue veto) and {@code tiles/<id>/xmatch/ArtefactFile.PSF_REFERENCE} (the position-pass
 * detections S0M's PSF selection can pick by position, same format) → {@code tiles/<id>/extract/ArtefactFile.PASS2_CATALOGUE}
 * holding the union of both lists, each object once, measured by {@link SurvivorMeasurement}. S0M then finds
 * in it every PSF star a full pass 2 would give it. The PSF-star candidates are measured only when some object
 * survived the veto: otherwise the tile has no candidate and nothing reads its pass 2. The tools' logs of each attempt go to
 * {@code tiles/<id>/extract/logs/measure-attempt-<n>/}; the scratch directory is
 * {@code tiles/<id>/extract/measure-work}. No survivors: no tool runs, DONE with {@code measured = 0}, and no
 * {@code ArtefactFile.PASS2_CATALOGUE} is left behind.
 *
 * <p>Failures: as {@link ExtractStage}'s ({@code TOOL_FAILED}, {@code TOOL_TIMEOUT}, {@code OUTPUT_MISSING},
 * {@code STORAGE} transient; {@code BAD_FITS}, {@code NO_RAW_FITS} permanent), plus
 * {@code INCONSISTENT_INPUTS} (permanent: the survivors are not pass-2 objects of this image),
 * {@code BAD_SURVIVORS} (permanent: the survivors file is malformed) and {@code INPUT_MISSING} (transient:
 * ArtefactFile.PSF_MODEL, ArtefactFile.VETO_SURVIVORS or ArtefactFile.PSF_REFERENCE is absent although the steps writing them reported DONE; on a shared volume
 * that is a storage fault a retry can outlive, such as a remount or a lagging network file system, and when it
 * persists the retry limit fails the tile with the same message naming the file).
 *
 * <p>Metrics (run_tile.metrics): survivors in, PSF-star candidates in ({@code psf_reference_in}), measured (the
 * union's size), SExtractor's time, the step's time, the method and the
 * attempt. Thread-safe: attempts of distinct tiles run concurrently.
 */
public final class MeasureStage implements TileStage {

    private static final Logger LOG = LoggerFactory.getLogger(MeasureStage.class);

    /** run_tile.metrics key: PSF-star candidates listed in the xmatch step's {@link TileArtefacts#psfReference()}. */
    public static final String PSF_REFERENCE_IN = "psf_reference_in";

    private final ArtefactStore store;
    private final SurvivorMeasurement measurement;
    private final ToolLocator.Tools tools;

    public MeasureStage(ArtefactStore store, SurvivorMeasurement measurement, ToolLocator.Tools tools) {
        this.store = Objects.requireNonNull(store, "store");
        this.measurement = Objects.requireNonNull(measurement, "measurement");
        this.tools = Objects.requireNonNull(tools, "tools");
    }

    /**
     * Builds the stage from the extract worker's settings (the same configuration as the extract step's pass 2:
     * the measurement must be pass 2's), locating SExtractor at start-up.
     *
     * @throws ToolNotFoundException when SExtractor or PSFEx is missing or does not answer {@code -v}
     * @throws IOException           when the configured configuration directory cannot be read
     */
    public static MeasureStage create(Environment env, ArtefactStore store, ToolLocator locator)
            throws ToolNotFoundException, IOException, InterruptedException {
        ExtractSettings settings = ExtractSettings.from(env);
        ToolLocator.Tools tools = locator.locate(settings);
        ToolVersions versions = ToolVersions.of(tools);
        LOG.info("Measure step: SExtractor {} at {}", versions.sextractor(), tools.sextractor());
        return new MeasureStage(store, new SurvivorMeasurement(tools, ExtractionConfig.from(settings), settings), tools);
    }

    /** True while SExtractor is still an executable file (a readiness check). */
    public boolean toolsAvailable() {
        return Files.isExecutable(tools.sextractor());
    }

    @Override
    public Step step() {
        return Step.MEASURE;
    }

    @Override
    public StageResult run(StageContext context) throws StageException, InterruptedException {
        TileId tile = context.task().tile();
        TileArtefacts artefacts = store.artefacts(tile);
        VetoSurvivors survivors = list(tile, artefacts.vetoSurvivors());
        VetoSurvivors psfReference = list(tile, artefacts.psfReference());
        // Without survivors the tile has no candidates, so neither S0M nor anything else reads its pass 2.
        VetoSurvivors objects = survivors.isEmpty() ? survivors : union(tile, survivors, psfReference);
        Path psf = artefacts.psfModel();
        Path image = null;
        if (!objects.isEmpty()) {
            requireInput(tile, psf, "the extract step");
            image = ExtractStage.rawImage(artefacts);
        }
        SurvivorMeasurement.Request request = new SurvivorMeasurement.Request(image, psf, objects, artefacts.measureScratch(),
                artefacts.measureLogs(context.attempt()), artefacts.area(TileArea.EXTRACT), context.fence());
        SurvivorMeasurement.Result result;
        try {
            result = measurement.run(request);
        } catch (ExtractionException e) {
            throw ExtractStage.stageException(tile, e);
        }
        Map<String, Object> metrics = new LinkedHashMap<>(result.metrics());
        metrics.put(SurvivorMeasurement.Result.SURVIVORS_IN, survivors.size());
        metrics.put(PSF_REFERENCE_IN, psfReference.size());
        metrics.put("attempt", context.attempt());
        return StageResult.done(metrics);
    }

    /** One of the xmatch step's lists ({@link VetoSurvivors}' format). */
    private static VetoSurvivors list(TileId tile, Path file) throws StageException {
        requireInput(tile, file, "the xmatch step");
        try {
            return VetoSurvivors.read(file);
        } catch (NoSuchFileException e) {
            throw missing(tile, file, "the xmatch step");
        } catch (IOException e) {
            throw new TransientStageException("STORAGE", tile + ": cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new PermanentStageException("BAD_SURVIVORS", tile + ": " + e.getMessage(), e);
        }
    }

    /** The survivors, then the PSF-star candidates that are not survivors: each object once. */
    static VetoSurvivors union(TileId tile, VetoSurvivors survivors, VetoSurvivors psfReference) throws PermanentStageException {
        Map<Integer, VetoSurvivors.Survivor> byNumber = new LinkedHashMap<>();
        survivors.survivors().forEach(s -> byNumber.put(s.number(), s));
        for (VetoSurvivors.Survivor s : psfReference.survivors()) {
            VetoSurvivors.Survivor listed = byNumber.putIfAbsent(s.number(), s);
            if (listed != null && !listed.equals(s)) {
                throw new PermanentStageException("BAD_SURVIVORS", tile + ": NUMBER " + s.number() + " is at " + listed.xImage()
                        + "," + listed.yImage() + " in " + ArtefactFile.VETO_SURVIVORS.fileName() + " but at " + s.xImage() + ","
                        + s.yImage() + " in " + ArtefactFile.PSF_REFERENCE.fileName());
            }
        }
        return new VetoSurvivors(new ArrayList<>(byNumber.values()));
    }

    private static Path requireInput(TileId tile, Path file, String writer) throws TransientStageException {
        if (!Files.isRegularFile(file)) {
            throw missing(tile, file, writer);
        }
        return file;
    }

    private static TransientStageException missing(TileId tile, Path file, String writer) {
        return new TransientStageException("INPUT_MISSING", tile + ": " + file + " is missing; " + writer
                + " reported DONE for this tile and writes it, so the shared storage does not show it (retrying)");
    }
}
