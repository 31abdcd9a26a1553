package org.vasco.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.Step;
import org.vasco.common.tile.TileId;

/**
 * The MEASURE step of the fast path (issue 10 item 1c): {@code tiles/<id>/raw/*.fits},
 * {@code tiles/<id>/extract/pass1.psf} (from the extract step) and {@code tiles/<id>/xmatch/veto_survivors.csv}
 * (from the xmatch step's catalogue veto) → {@code tiles/<id>/extract/pass2.ldac} holding only the survivors,
 * measured by {@link SurvivorMeasurement}. The tools' logs of each attempt go to
 * {@code tiles/<id>/extract/logs/measure-attempt-<n>/}; the scratch directory is
 * {@code tiles/<id>/extract/measure-work}. No survivors: no tool runs, DONE with {@code measured = 0}, and no
 * {@code pass2.ldac} is left behind.
 *
 * <p>Failures: as {@link ExtractStage}'s ({@code TOOL_FAILED}, {@code TOOL_TIMEOUT}, {@code OUTPUT_MISSING},
 * {@code STORAGE} transient; {@code BAD_FITS}, {@code NO_RAW_FITS} permanent), plus
 * {@code INCONSISTENT_INPUTS} (permanent: the survivors are not pass-2 objects of this image),
 * {@code BAD_SURVIVORS} (permanent: the survivors file is malformed) and {@code INPUT_MISSING} (transient:
 * pass1.psf or veto_survivors.csv is absent although the steps writing them reported DONE; on a shared volume
 * that is a storage fault a retry can outlive, such as a remount or a lagging network file system, and when it
 * persists the retry limit fails the tile with the same message naming the file).
 *
 * <p>Metrics (run_tile.metrics): survivors in, measured, SExtractor's time, the step's time, the method and the
 * attempt. Thread-safe: attempts of distinct tiles run concurrently.
 */
public final class MeasureStage implements TileStage {

    private static final Logger LOG = LoggerFactory.getLogger(MeasureStage.class);

    /** The xmatch step's storage area, where it leaves the survivors file. */
    static final String XMATCH_AREA = "xmatch";

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
        Path area = store.tileArea(tile, ExtractStage.AREA);
        Path survivorsFile = requireInput(tile, store.tileArea(tile, XMATCH_AREA).resolve(VetoSurvivors.FILE), "the xmatch step");
        VetoSurvivors survivors;
        try {
            survivors = VetoSurvivors.read(survivorsFile);
        } catch (NoSuchFileException e) {
            throw missing(tile, survivorsFile, "the xmatch step");
        } catch (IOException e) {
            throw new TransientStageException("STORAGE", tile + ": cannot read " + survivorsFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new PermanentStageException("BAD_SURVIVORS", tile + ": " + e.getMessage(), e);
        }
        Path psf = area.resolve(ExtractionConfig.PSF_MODEL);
        Path image = null;
        if (!survivors.isEmpty()) {
            requireInput(tile, psf, "the extract step");
            image = ExtractStage.rawImage(store, tile);
        }
        SurvivorMeasurement.Request request = new SurvivorMeasurement.Request(image, psf, survivors, area.resolve("measure-work"),
                area.resolve("logs").resolve("measure-attempt-" + context.attempt()), area);
        SurvivorMeasurement.Result result;
        try {
            result = measurement.run(request);
        } catch (ExtractionException e) {
            String message = tile + ": " + e.getMessage();
            throw e.kind().retryable() ? new TransientStageException(e.kind().name(), message, e)
                    : new PermanentStageException(e.kind().name(), message, e);
        }
        Map<String, Object> metrics = new LinkedHashMap<>(result.metrics());
        metrics.put("attempt", context.attempt());
        return StageResult.done(metrics);
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
