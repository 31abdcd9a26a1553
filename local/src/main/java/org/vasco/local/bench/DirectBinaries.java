package org.vasco.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.vasco.common.fits.FitsFormatException;
import org.vasco.common.fits.FitsImage;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.storage.TileArea;
import org.vasco.common.storage.TileArtefacts;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolNotFoundException;
import org.vasco.extract.tool.ToolRun;

/**
 * The baseline of {@code vasco bench tile}: SExtractor pass 1, PSFEx and SExtractor pass 2 run directly, one after the
 * other, on the cluster's input FITS with the extract worker's own configuration files and arguments, in a scratch
 * directory of their own. Each time is the binary's wall time from process start to exit, the same measure the
 * extract step records as {@code pass1_seconds}, {@code psfex_seconds} and {@code pass2_seconds}.
 */
final class DirectBinaries {

    private DirectBinaries() {
    }

    /** The three binaries' wall times. */
    record Times(Duration pass1, Duration psfex, Duration pass2) {
        Duration total() {
            return pass1.plus(psfex).plus(pass2);
        }
    }

    /**
     * Runs the three binaries on {@code image} in {@code scratch} (created; left with the outputs for inspection).
     *
     * @throws IOException when a binary cannot be started, fails, or leaves no output
     */
    static Times run(ExtractSettings settings, Path image, Path scratch) throws IOException, InterruptedException {
        ToolLocator.Tools tools;
        try {
            tools = ToolLocator.system().locate(settings);
        } catch (ToolNotFoundException e) {
            throw new IOException(e.getMessage(), e);
        }
        FitsImage fits;
        try {
            fits = FitsImage.inspect(image);
        } catch (FitsFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        ExtractionConfig config = ExtractionConfig.from(settings);
        Files.createDirectories(scratch);
        config.writeTo(scratch);
        Path logs = scratch.resolve("logs");
        Duration timeout = settings.timeoutFor(fits.megapixels());
        Duration pass1 = execute(new ToolRun("pass1", tools.sextractor(), config.pass1Arguments(fits.file()), scratch, logs, timeout),
                ArtefactFile.PASS1_CATALOGUE.in(scratch));
        Duration psfex = execute(new ToolRun("psfex", tools.psfex(), config.psfexArguments(), scratch, logs, timeout),
                ArtefactFile.PSF_MODEL.in(scratch));
        Duration pass2 = execute(new ToolRun("pass2", tools.sextractor(), config.pass2Arguments(fits.file()), scratch, logs, timeout),
                ArtefactFile.PASS2_CATALOGUE.in(scratch));
        return new Times(pass1, psfex, pass2);
    }

    private static Duration execute(ToolRun run, Path output) throws IOException, InterruptedException {
        ToolRun.Result result = run.execute();
        if (!result.succeeded() || !Files.isRegularFile(output) || Files.size(output) == 0) {
            throw new IOException(run.label() + " (" + run.binary() + ") run directly did not produce " + output.getFileName()
                    + " (exit " + result.exitCode() + (result.timedOut() ? ", timed out" : "") + "): " + result.errorSummary());
        }
        return result.wallTime();
    }

    /** The tile's raw image, as the download step left it ({@link TileArtefacts#rawImage()}). */
    static Path inputImage(TileArtefacts tile) throws IOException {
        return tile.rawImage().orElseThrow(() -> new IOException("Expected one FITS image in " + tile.area(TileArea.RAW)
                + ", found none"));
    }
}
