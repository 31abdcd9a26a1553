package org.vasco.extract.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.DetectionsCsv;
import org.vasco.extract.pipeline.ExtractionException;
import org.vasco.extract.pipeline.ExtractionPipeline;
import org.vasco.extract.pipeline.ExtractionResult;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolNotFoundException;
import org.vasco.extract.tool.ToolVersions;

/**
 * Extraction of a user's FITS file into an output directory, outside any cluster: the worker's pipeline,
 * with the artefacts, the tool logs and {@code detections.csv} in the directory. Shared by the commands that
 * run on local files ({@code vasco extract}, {@code vasco process}), together with their exit codes.
 */
public final class LocalExtraction {

    public static final int EXIT_OK = 0;
    public static final int EXIT_TOOL = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_NO_DETECTIONS = 3;

    private final ExtractionPipeline pipeline;

    private LocalExtraction(ExtractionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Locates the tools and asks their versions.
     *
     * @throws ToolNotFoundException when SExtractor or PSFEx is missing (exit {@link #EXIT_TOOL})
     */
    public static LocalExtraction prepare(ExtractSettings settings, ExtractionConfig config, ToolLocator locator)
            throws ToolNotFoundException, IOException, InterruptedException {
        ToolLocator.Tools tools = locator.locate(settings);
        return new LocalExtraction(new ExtractionPipeline(tools, ToolVersions.of(tools), config, settings));
    }

    /** Runs the three tools on {@code fits}; the artefacts and {@code detections.csv} land in {@code outDir}. */
    public ExtractionResult run(Path fits, Path outDir) throws ExtractionException, IOException, InterruptedException {
        Files.createDirectories(outDir);
        ExtractionResult result = pipeline.run(new ExtractionPipeline.Request(fits, outDir.resolve(".work"),
                outDir.resolve("logs"), outDir));
        new ArtefactStore(outDir).writeAtomically(ArtefactFile.DETECTIONS.in(outDir),
                o -> DetectionsCsv.write(result.detections(), o));
        return result;
    }

    /** The exit code of a failed extraction: bad input 2, nothing to measure 3, a tool failure 1. */
    public static int exitCode(ExtractionException e) {
        return switch (e.kind()) {
            case BAD_FITS -> EXIT_BAD_INPUT;
            case NO_DETECTIONS, PSF_FAILED -> EXIT_NO_DETECTIONS;
            default -> EXIT_TOOL;
        };
    }
}
