package org.vasco.extract.stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.Environment;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageException;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.TileStage;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.AmbiguousRawImageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.storage.TileArtefacts;
import org.vasco.common.task.Step;
import org.vasco.common.tile.TileId;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.ExtractionException;
import org.vasco.extract.pipeline.ExtractionPipeline;
import org.vasco.extract.pipeline.ExtractionResult;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolNotFoundException;
import org.vasco.extract.tool.ToolVersions;

/**
 * The EXTRACT step: {@code tiles/<id>/raw/*.fits} (from the download step) →
 * {@code tiles/<id>/extract/{ArtefactFile.PASS1_CATALOGUE, ArtefactFile.PSF_MODEL, ArtefactFile.PASS2_CATALOGUE}}; in a run whose graph has a measure step
 * (the fast path, {@code context.runs(Step.MEASURE)}) the last pass is the position pass and the set is
 * {@code ArtefactFile.PASS1_CATALOGUE, ArtefactFile.PSF_MODEL, ArtefactFile.POSITIONS_CATALOGUE} (see {@link ExtractionPipeline.FinalPass}). With the tools' logs of each
 * attempt under {@code tiles/<id>/extract/logs/attempt-<n>/} and a scratch directory
 * {@code tiles/<id>/extract/work} that every attempt empties first and that is removed when the attempt ends.
 *
 * <p>Failures by type: a tool's non-zero exit, timeout or missing output is a
 * {@link TransientStageException} (reason {@code TOOL_FAILED}, {@code TOOL_TIMEOUT},
 * {@code OUTPUT_MISSING}) whose message carries the tool's error lines; an unusable input is a
 * {@link PermanentStageException}: {@code BAD_FITS}, {@code NO_RAW_FITS}, {@code NO_DETECTIONS},
 * or {@code PSF_FAILED} (PSFEx accepted no star; retrying cannot help).
 *
 * <p>Metrics (run_tile.metrics): detections of both passes, PSF FWHM and stars accepted, each
 * tool's wall time, the step's total and the overhead between them, the astrometry used, the
 * tools' versions and the attempt. Thread-safe: attempts of distinct tiles run concurrently.
 */
public final class ExtractStage implements TileStage {

    private static final Logger LOG = LoggerFactory.getLogger(ExtractStage.class);

    private final ArtefactStore store;
    private final ExtractionPipeline pipeline;

    public ExtractStage(ArtefactStore store, ExtractionPipeline pipeline) {
        this.store = Objects.requireNonNull(store, "store");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    /**
     * Builds the stage from settings: validates the settings and overrides, locates both binaries and
     * asks their versions, so that a misconfigured worker fails at start-up, before claiming any tile.
     *
     * @throws ToolNotFoundException when a binary is missing or does not answer {@code -v}
     * @throws IOException           when the configured configuration directory cannot be read
     */
    public static ExtractStage create(Environment env, ArtefactStore store, ToolLocator locator)
            throws ToolNotFoundException, IOException, InterruptedException {
        ExtractSettings settings = ExtractSettings.from(env);
        ToolLocator.Tools tools = locator.locate(settings);
        ToolVersions versions = ToolVersions.of(tools);
        LOG.info("Extraction tools: SExtractor {} at {}, PSFEx {} at {}", versions.sextractor(), tools.sextractor(),
                versions.psfex(), tools.psfex());
        return new ExtractStage(store, new ExtractionPipeline(tools, versions, ExtractionConfig.from(settings), settings));
    }

    /** True while both binaries are still executable files (a readiness check: a volume or image may change under us). */
    public boolean toolsAvailable() {
        ToolLocator.Tools tools = pipeline.tools();
        return Files.isExecutable(tools.sextractor()) && Files.isExecutable(tools.psfex());
    }

    @Override
    public Step step() {
        return Step.EXTRACT;
    }

    @Override
    public StageResult run(StageContext context) throws StageException, InterruptedException {
        TileArtefacts artefacts = store.artefacts(context.task().tile());
        Path image = rawImage(artefacts);
        // A run whose graph measures after the catalogue veto (the fast path) needs positions only here.
        ExtractionPipeline.FinalPass finalPass = context.runs(Step.MEASURE)
                ? ExtractionPipeline.FinalPass.POSITIONS : ExtractionPipeline.FinalPass.MEASUREMENT;
        ExtractionPipeline.Request request = new ExtractionPipeline.Request(image, artefacts.extractScratch(),
                artefacts.extractLogs(context.attempt()), artefacts.area(TileArea.EXTRACT), finalPass, context.fence());
        ExtractionResult result;
        try {
            result = pipeline.run(request);
        } catch (ExtractionException e) {
            throw stageException(artefacts.tile(), e);
        }
        Map<String, Object> metrics = new LinkedHashMap<>(result.metrics());
        metrics.put("attempt", context.attempt());
        return StageResult.done(metrics);
    }

    /** A failed extraction or measurement as the step's failure: retried when its kind may pass, else permanent. */
    static StageException stageException(TileId tile, ExtractionException e) {
        String message = tile + ": " + e.getMessage();
        return e.kind().retryable() ? new TransientStageException(e.kind().name(), message, e)
                : new PermanentStageException(e.kind().name(), message, e);
    }

    /**
     * The tile's one raw FITS image, as the download step left it: none or several is permanent ({@code NO_RAW_FITS}),
     * an area that cannot be listed transient ({@code STORAGE}).
     */
    static Path rawImage(TileArtefacts artefacts) throws StageException {
        TileId tile = artefacts.tile();
        Optional<Path> image;
        try {
            image = artefacts.rawImage();
        } catch (AmbiguousRawImageException e) {
            throw new PermanentStageException("NO_RAW_FITS", e.getMessage(), e);
        } catch (IOException e) {
            throw new TransientStageException("STORAGE", tile + ": cannot list " + artefacts.area(TileArea.RAW) + ": "
                    + e.getMessage(), e);
        }
        return image.orElseThrow(() -> new PermanentStageException("NO_RAW_FITS", tile + ": expected exactly one FITS image in "
                + artefacts.area(TileArea.RAW) + " (written by the download step), found 0"));
    }
}
