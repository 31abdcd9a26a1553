package org.vasco.extract.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vasco.common.config.ConfigurationException;
import org.vasco.common.config.Environment;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.extract.config.ConfigOverrides;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.config.ExtractionConfig;
import org.vasco.extract.pipeline.ExtractionException;
import org.vasco.extract.pipeline.ExtractionResult;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolNotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco extract --fits FILE --out DIR [--config-dir DIR] [--set KEY=VALUE]…}: the cluster's
 * extraction code path on a local FITS file. Writes {@code ArtefactFile.PASS1_CATALOGUE}, {@code ArtefactFile.PSF_MODEL},
 * {@code ArtefactFile.PASS2_CATALOGUE}, {@code detections.csv} and {@code logs/} into DIR.
 *
 * <p>Exit status: 0 done; 1 a tool is missing, failed or timed out, or DIR cannot be written;
 * 2 the file is not FITS or has no image, or an option is invalid; 3 the image has no usable
 * detections (none in pass 1, or too few stars for a PSF). Every failure is one line on stderr.
 */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Run SExtractor pass 1, PSFEx and SExtractor pass 2 with the reference configurations on a local FITS image.")
public final class ExtractCommand implements Callable<Integer> {

    public static final int EXIT_OK = LocalExtraction.EXIT_OK;
    public static final int EXIT_TOOL = LocalExtraction.EXIT_TOOL;
    public static final int EXIT_BAD_INPUT = LocalExtraction.EXIT_BAD_INPUT;
    public static final int EXIT_NO_DETECTIONS = LocalExtraction.EXIT_NO_DETECTIONS;

    @Spec
    CommandSpec spec;

    @Option(names = "--fits", required = true, paramLabel = "FILE", description = "The FITS image to extract.")
    Path fits;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Directory whose files replace bundled configuration files of the same name (sex_pass1.sex, psfex.conf, …).")
    Path configDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a configuration key: KEY=VALUE in both SExtractor passes (e.g. BACK_SIZE=16), "
                    + "pass1:KEY=VALUE or pass2:KEY=VALUE in one, psfex:KEY=VALUE for PSFEx. Repeatable.")
    List<String> overrides = new ArrayList<>();

    private final Environment environment;
    private final ToolLocator locator;

    /** The command as the {@code vasco} launcher runs it: settings from the process environment. */
    public ExtractCommand() {
        this(Environment.system(), ToolLocator.system());
    }

    public ExtractCommand(Environment environment, ToolLocator locator) {
        this.environment = environment;
        this.locator = locator;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        ExtractSettings settings;
        ExtractionConfig config;
        try {
            settings = ExtractSettings.from(environment);
            config = ExtractionConfig.from(settings).withOverrides(ConfigOverrides.of(overrides));
            if (configDir != null) {
                config = config.withConfigDir(configDir);
            }
        } catch (IllegalArgumentException | ConfigurationException | IOException e) {
            err.println("vasco extract: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        LocalExtraction extraction;
        try {
            extraction = LocalExtraction.prepare(settings, config, locator);
        } catch (ToolNotFoundException | IOException e) {
            err.println("vasco extract: " + e.getMessage());
            return EXIT_TOOL;
        }
        Path outDir = out.toAbsolutePath().normalize();
        try {
            ExtractionResult result = extraction.run(fits, outDir);
            Path csv = ArtefactFile.DETECTIONS.in(outDir);
            stdout.printf(Locale.ROOT, "%s: pass 1 %d detections; PSF FWHM %.2f px from %d stars; pass 2 %d detections "
                            + "(astrometry %s); tools %.1f s of %.1f s -> %s%n",
                    fits, result.pass1Detections(), result.psf().fwhmPixels(), result.psf().accepted(),
                    result.detections().size(), result.astrometry(), result.toolTime().toMillis() / 1e3,
                    result.totalTime().toMillis() / 1e3, csv);
            stdout.flush();
            return EXIT_OK;
        } catch (ExtractionException e) {
            err.println("vasco extract: " + e.getMessage());
            return LocalExtraction.exitCode(e);
        } catch (IOException e) {
            err.println("vasco extract: cannot write " + outDir + ": " + e.getMessage());
            return EXIT_TOOL;
        }
    }

    /** Runs the command stand-alone (the {@code vasco} launcher registers it as a subcommand instead). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ExtractCommand()).execute(args));
    }
}
