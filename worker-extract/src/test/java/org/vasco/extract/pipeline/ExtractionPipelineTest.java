package org.vasco.extract.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.Astrometry;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.extract.TestImages;
import org.vasco.extract.TestTools;

/** The three real tools on small rendered images: truth recovery, outcomes, and what reaches the final paths. */
class ExtractionPipelineTest {

    @TempDir
    static Path shared;

    static TestImages.Rendered field;
    static ExtractionResult result;
    static Path fieldOut;

    @BeforeAll
    static void extractField() throws Exception {
        field = TestImages.field(shared.resolve("field.fits"), 256, 50, 4, 42);
        fieldOut = shared.resolve("field-out");
        result = TestTools.pipeline(Map.of()).run(request(field.file(), fieldOut));
    }

    static ExtractionPipeline.Request request(Path image, Path out) {
        return new ExtractionPipeline.Request(image, out.resolve("work"), out.resolve("logs"), out);
    }

    @Test
    void starsAreRecoveredWithinThreeTenthsOfAnArcsecond() {
        List<TestImages.Source> stars = field.sources().stream().filter(s -> !s.galaxy()).toList();
        int bright = 0;
        int within = 0;
        for (TestImages.Source star : stars) {
            Detection d = nearest(star);
            if (d == null || d.snrWin() <= 30) {
                continue;
            }
            bright++;
            double[] truth = star.sky(field.size());
            double separationArcsec = SkyGeometry.separationDeg(truth[0], truth[1], d.alphawinJ2000(), d.deltawinJ2000()) * 3600;
            if (separationArcsec < 0.3) {
                within++;
            }
        }
        assertThat(bright).isGreaterThan(30);
        assertThat((double) within / bright).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void spreadModelSeparatesStarsFromGalaxies() {
        for (TestImages.Source source : field.sources()) {
            Detection d = nearest(source);
            assertThat(d).as("detection of %s", source).isNotNull();
            if (source.galaxy()) {
                assertThat(d.spreadModel()).as("galaxy %s", source).isGreaterThan(0.01);
            } else if (d.snrWin() > 30) {
                assertThat(Math.abs(d.spreadModel())).as("star %s", source).isLessThan(0.005);
            }
        }
    }

    @Test
    void resultCarriesCountsPsfAndProvenance() {
        assertThat(result.pass1Detections()).isGreaterThanOrEqualTo(50);
        assertThat(result.detections()).hasSizeGreaterThanOrEqualTo(50);
        assertThat(result.psf().accepted()).isGreaterThan(10);
        assertThat(result.psf().fwhmPixels()).isBetween(2.5, 3.5);
        assertThat(result.astrometry()).isEqualTo(Astrometry.SEXTRACTOR_WCS);
        assertThat(result.versions().sextractor()).matches("[0-9]+\\.[0-9]+.*");
        assertThat(result.metrics()).containsKeys("pass1_detections", "pass2_detections", "psf_fwhm_px",
                "psf_stars_accepted", "pass1_seconds", "psfex_seconds", "pass2_seconds", "step_seconds",
                "overhead_seconds", "sextractor_version", "psfex_version", "astrometry");
        assertThat(result.totalTime()).isGreaterThanOrEqualTo(result.toolTime());
        for (String name : List.of("pass1.ldac", "pass1.psf", "pass2.ldac")) {
            assertThat(fieldOut.resolve(name)).isNotEmptyFile();
        }
        assertThat(fieldOut.resolve("work")).doesNotExist();
        assertThat(fieldOut.resolve("logs/psfex.err")).content().contains("PSFEx").doesNotContain("\u001b[");
    }

    @Test
    void dssPolynomialOnlyHeaderGivesTheSkyPositionsOfTheCdSolution(@TempDir Path dir) throws Exception {
        TestImages.Rendered dss = TestImages.field(dir.resolve("dss.fits"), 256, 50, 4, 42, true);
        ExtractionResult dssResult = TestTools.pipeline(Map.of()).run(request(dss.file(), dir.resolve("out")));
        assertThat(dssResult.astrometry()).isEqualTo(Astrometry.DSS_PLATE_POLYNOMIAL);
        assertThat(dssResult.detections()).hasSameSizeAs(result.detections());
        for (int i = 0; i < result.detections().size(); i++) {
            Detection cd = result.detections().get(i);
            Detection poly = dssResult.detections().get(i);
            assertThat(poly.xwinImage()).isEqualTo(cd.xwinImage());
            assertThat(poly.alphawinJ2000()).as("SExtractor writes 0 here without a CD WCS").isNotZero();
            assertThat(SkyGeometry.separationArcsec(cd.alphawinJ2000(), cd.deltawinJ2000(),
                    poly.alphawinJ2000(), poly.deltawinJ2000())).isLessThan(0.1);
            assertThat(SkyGeometry.separationArcsec(cd.alphaJ2000(), cd.deltaJ2000(),
                    poly.alphaJ2000(), poly.deltaJ2000())).isLessThan(0.1);
        }
    }

    @Test
    void nebulaWithoutPointSourcesIsNoDetections(@TempDir Path dir) throws Exception {
        Path nebula = TestImages.nebula(dir.resolve("nebula.fits"), 128);
        assertThatThrownBy(() -> TestTools.pipeline(Map.of()).run(request(nebula, dir.resolve("out"))))
                .isInstanceOfSatisfying(ExtractionException.class, e -> {
                    assertThat(e.kind()).as(e.getMessage()).isEqualTo(ExtractionException.Kind.NO_DETECTIONS);
                    assertThat(e.getMessage()).contains("nebula.fits", "DETECT_THRESH 5.0", "BACK_SIZE 64");
                });
        assertThat(dir.resolve("out/pass1.ldac")).doesNotExist();
    }

    @Test
    void tooFewStarsForAModelIsPsfFailed(@TempDir Path dir) throws Exception {
        TestImages.Rendered sparse = TestImages.field(dir.resolve("sparse.fits"), 128, 2, 0, 5);
        assertThatThrownBy(() -> TestTools.pipeline(Map.of()).run(request(sparse.file(), dir.resolve("out"))))
                .isInstanceOfSatisfying(ExtractionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ExtractionException.Kind.PSF_FAILED);
                    assertThat(e.kind().retryable()).isFalse();
                    assertThat(e.getMessage()).contains("accepted 0 of", "SAMPLE_MINSN 20");
                });
        assertThat(dir.resolve("out/pass1.ldac")).doesNotExist();
        assertThat(dir.resolve("out/pass1.psf")).doesNotExist();
    }

    @Test
    void corruptAndImagelessFilesAreBadFits(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("page.fits"), "<html>Service unavailable</html>\n");
        Path truncated = TestImages.truncated(field.file(), dir.resolve("truncated.fits"));
        Path noImage = TestImages.withoutImage(dir.resolve("header-only.fits"));
        ExtractionPipeline pipeline = TestTools.pipeline(Map.of());
        for (Path bad : List.of(text, truncated, noImage)) {
            assertThatThrownBy(() -> pipeline.run(request(bad, dir.resolve("out"))))
                    .isInstanceOfSatisfying(ExtractionException.class, e -> {
                        assertThat(e.kind()).as(e.getMessage()).isEqualTo(ExtractionException.Kind.BAD_FITS);
                        assertThat(e.getMessage()).contains(bad.getFileName().toString());
                    });
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void crashBetweenTheToolsLeavesNothingAtTheFinalPaths(@TempDir Path dir) throws Exception {
        Path psfex = TestTools.standIn(dir, "psfex-crashing", "PSFEx version 3.21.1 (stand-in)",
                "echo '> *Error*: simulated crash after pass 1' >&2; exit 1");
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> TestTools.pipeline(Map.of("VASCO_PSFEX_BINARY", psfex.toString()))
                .run(request(field.file(), out)))
                .isInstanceOfSatisfying(ExtractionException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ExtractionException.Kind.TOOL_FAILED);
                    assertThat(e.getMessage()).contains("> *Error*: simulated crash after pass 1");
                });
        for (String name : List.of("pass1.ldac", "pass1.psf", "pass2.ldac")) {
            assertThat(out.resolve(name)).doesNotExist();
        }
        assertThat(out.resolve("logs/pass1.err")).as("pass 1 did run").exists();
        assertThat(out.resolve("logs/psfex.err")).content().contains("simulated crash");
        assertThat(out.resolve("work")).as("the failed attempt's scratch files are removed").doesNotExist();
    }

    @Test
    void aToolThatExitsCleanlyWithoutOutputIsOutputMissing(@TempDir Path dir) throws Exception {
        Path sex = TestTools.standIn(dir, "sex-silent", "Source Extractor version 2.25.0 (stand-in)", "exit 0");
        assertThatThrownBy(() -> TestTools.pipeline(Map.of("VASCO_SEX_BINARY", sex.toString()))
                .run(request(field.file(), dir.resolve("out"))))
                .isInstanceOfSatisfying(ExtractionException.class,
                        e -> assertThat(e.kind()).isEqualTo(ExtractionException.Kind.OUTPUT_MISSING));
    }

    @Test
    void overridesReachTheTools(@TempDir Path dir) throws Exception {
        // A 100-sigma threshold leaves only the brightest stars: the override demonstrably reached SExtractor.
        ExtractionResult strict = TestTools.pipeline(Map.of("VASCO_EXTRACT_SET", "DETECT_THRESH=100;psfex:SAMPLE_MINSN=5"))
                .run(request(field.file(), dir.resolve("out")));
        assertThat(strict.pass1Detections()).isLessThan(result.pass1Detections());
        assertThat(strict.detections()).isNotEmpty();
    }

    private static Detection nearest(TestImages.Source source) {
        return result.detections().stream()
                .filter(d -> Math.hypot(d.xwinImage() - source.x(), d.ywinImage() - source.y()) < 2)
                .min(Comparator.comparingDouble(d -> Math.hypot(d.xwinImage() - source.x(), d.ywinImage() - source.y())))
                .orElse(null);
    }
}
