package org.vasco.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vasco.common.fits.FitsFormatException;
import org.vasco.common.fits.FitsImage;
import org.vasco.extract.ExtractSettings;
import org.vasco.extract.ExtractionConfig;
import org.vasco.extract.ToolLocator;
import org.vasco.extract.ToolNotFoundException;
import org.vasco.extract.ToolRun;

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
                scratch.resolve(ExtractionConfig.PASS1_CATALOG));
        Duration psfex = execute(new ToolRun("psfex", tools.psfex(), config.psfexArguments(), scratch, logs, timeout),
                scratch.resolve(ExtractionConfig.PSF_MODEL));
        Duration pass2 = execute(new ToolRun("pass2", tools.sextractor(), config.pass2Arguments(fits.file()), scratch, logs, timeout),
                scratch.resolve(ExtractionConfig.PASS2_CATALOG));
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

    /** The tile's one input FITS in the download step's area. */
    static Path inputImage(Path tileRawArea) throws IOException {
        try (var files = Files.list(tileRawArea)) {
            List<Path> fits = files.filter(p -> p.getFileName().toString().endsWith(".fits")).toList();
            if (fits.size() != 1) {
                throw new IOException("Expected one FITS image in " + tileRawArea + ", found " + fits);
            }
            return fits.get(0);
        }
    }
}
