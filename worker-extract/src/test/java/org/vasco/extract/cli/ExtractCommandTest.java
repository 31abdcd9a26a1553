package org.vasco.extract.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.extract.TestImagesAccess;
import org.vasco.extract.pipeline.DetectionsCsv;
import org.vasco.extract.tool.ToolLocator;
import picocli.CommandLine;

/** {@code vasco extract} on local files: outputs, exit codes and one-line errors. */
class ExtractCommandTest {

    @TempDir
    static Path dir;

    static Path image;

    @BeforeAll
    static void renderImage() throws Exception {
        image = dir.resolve("local.fits");
        writeField(image);
    }

    @Test
    void writesArtefactsAndDetectionsCsv() throws Exception {
        Path out = dir.resolve("out");
        Run run = run(Map.of(), "--fits", image.toString(), "--out", out.toString(), "--set", "BACK_SIZE=32");
        assertThat(run.exit).as(run.err).isZero();
        for (String name : List.of("pass1.ldac", "pass1.psf", "pass2.ldac", "detections.csv")) {
            assertThat(out.resolve(name)).isNotEmptyFile();
        }
        List<String> csv = Files.readAllLines(out.resolve("detections.csv"));
        assertThat(csv.get(0)).startsWith("NUMBER,X_IMAGE,Y_IMAGE,XWIN_IMAGE,YWIN_IMAGE,ALPHAWIN_J2000,DELTAWIN_J2000,FLAGS");
        assertThat(csv.get(0).split(",")).hasSize(DetectionsCsv.columns().size()).contains("SPREAD_MODEL", "FLUX_APER(1)");
        assertThat(csv).hasSizeGreaterThan(10);
        double ra = Double.parseDouble(csv.get(1).split(",")[5]);
        assertThat(ra).isBetween(149.9, 150.1);
        assertThat(run.out).contains("pass 1", "pass 2", "detections.csv");
        assertThat(out.resolve("logs/pass2.err")).exists();
        assertThat(Files.readString(out.resolve("logs/pass1.out")) + Files.readString(out.resolve("logs/pass1.err")))
                .doesNotContain("\u001b[");
    }

    @Test
    void notFitsAndNoImageExitTwoWithOneLine() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.fits"), "just some notes\n");
        Path headerOnly = dir.resolve("header-only.fits");
        try (Fits fits = new Fits()) {
            fits.addHDU(BasicHDU.getDummyHDU());
            fits.write(headerOnly.toFile());
        }
        for (Path bad : List.of(text, headerOnly)) {
            Run run = run(Map.of(), "--fits", bad.toString(), "--out", dir.resolve("bad-out").toString());
            assertThat(run.exit).as(run.err).isEqualTo(ExtractCommand.EXIT_BAD_INPUT);
            assertThat(run.err.strip().lines()).hasSize(1);
            assertThat(run.err).contains(bad.getFileName().toString());
        }
    }

    @Test
    void nebulaIsReportedAsNoUsableDetections() throws Exception {
        Path nebula = dir.resolve("nebula.fits");
        writeNebula(nebula);
        Run run = run(Map.of(), "--fits", nebula.toString(), "--out", dir.resolve("nebula-out").toString());
        assertThat(run.exit).isEqualTo(ExtractCommand.EXIT_NO_DETECTIONS);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains("no sources", "BACK_SIZE 64");
    }

    @Test
    void missingBinaryAndBadOverrideAreClearErrors() {
        Run missing = run(Map.of("VASCO_SEX_BINARY", "/nonexistent/sex"), "--fits", image.toString(),
                "--out", dir.resolve("x").toString());
        assertThat(missing.exit).isEqualTo(ExtractCommand.EXIT_TOOL);
        assertThat(missing.err).contains("/nonexistent/sex");
        Run reserved = run(Map.of(), "--fits", image.toString(), "--out", dir.resolve("y").toString(),
                "--set", "CATALOG_NAME=other.ldac");
        assertThat(reserved.exit).isEqualTo(ExtractCommand.EXIT_BAD_INPUT);
        assertThat(reserved.err).contains("reserved");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ExtractCommand(Environment.of(env), ToolLocator.system()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void writeField(Path file) throws Exception {
        TestImagesAccess.field(file);
    }

    private static void writeNebula(Path file) throws Exception {
        TestImagesAccess.nebula(file);
    }
}
