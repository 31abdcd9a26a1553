package org.vasco.extract.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.fits.DetectionColumns;

/** The bundled configuration against SPEC §5.2–5.5, and the override scheme. */
class ExtractionConfigTest {

    private final ExtractionConfig config = ExtractionConfig.bundled();

    @Test
    void pass1IsTheReferenceConfiguration() {
        Map<String, String> pass1 = ExtractionConfig.keyValues(config.text(ConfigFile.SEX_PASS1));
        assertThat(pass1).containsEntry("FILTER", "N").containsEntry("DETECT_MINAREA", "5")
                .containsEntry("DETECT_THRESH", "5.0").containsEntry("ANALYSIS_THRESH", "5.0")
                .containsEntry("DEBLEND_NTHRESH", "32").containsEntry("DEBLEND_MINCONT", "0.005")
                .containsEntry("PHOT_APERTURES", "5").containsEntry("PHOT_AUTOPARAMS", "2.5,3.5")
                .containsEntry("SATUR_LEVEL", "50000.0").containsEntry("GAIN", "1.0").containsEntry("SEEING_FWHM", "1.2")
                .containsEntry("BACK_SIZE", "64").containsEntry("BACK_FILTERSIZE", "3").containsEntry("BACKPHOTO_TYPE", "LOCAL")
                .containsEntry("MAG_ZEROPOINT", "21.1").containsEntry("PARAMETERS_NAME", "sex_default.param")
                .containsEntry("STARNNW_NAME", "default.nnw");
    }

    @Test
    void pass2WritesTheBuiltInDefaultsExplicitly() {
        Map<String, String> pass2 = ExtractionConfig.keyValues(config.text(ConfigFile.SEX_PASS2));
        assertThat(pass2).containsEntry("FILTER", "Y").containsEntry("FILTER_NAME", "default.conv")
                .containsEntry("PSF_NAME", "pass1.psf").containsEntry("PARAMETERS_NAME", "default.param")
                .containsEntry("DETECT_THRESH", "5.0").containsEntry("BACK_SIZE", "64")
                // Left at built-in defaults by the reference (SPEC §5.3), pinned here:
                .containsEntry("GAIN", "0.0").containsEntry("DEBLEND_NTHRESH", "32").containsEntry("DEBLEND_MINCONT", "0.005")
                .containsEntry("CLEAN", "Y").containsEntry("CLEAN_PARAM", "1.0").containsEntry("SATUR_LEVEL", "50000.0")
                .containsEntry("PHOT_FLUXFRAC", "0.5").containsKey("PIXEL_SCALE");
    }

    @Test
    void parameterFilesAndPsfexMatchSpec() {
        List<String> pass2 = config.text(ConfigFile.PARAM_PASS2).lines().filter(l -> !l.isBlank()).toList();
        assertThat(pass2).containsExactlyElementsOf(DetectionColumns.ALL);
        List<String> pass1 = config.text(ConfigFile.PARAM_PASS1).lines().filter(l -> !l.isBlank()).toList();
        assertThat(pass1).contains("VIGNET(45,45)", "FLUX_APER(1)", "FLUXERR_APER(1)", "X_IMAGE", "Y_IMAGE", "SNR_WIN");
        Map<String, String> psfex = ExtractionConfig.keyValues(config.text(ConfigFile.PSFEX));
        assertThat(psfex).containsEntry("BASIS_TYPE", "PIXEL_AUTO").containsEntry("PSF_SIZE", "25,25")
                .containsEntry("SAMPLE_MINSN", "20").containsEntry("SAMPLE_FWHMRANGE", "2.0,10.0")
                .containsEntry("SAMPLE_MAXELLIP", "0.3").containsEntry("PSFVAR_DEGREES", "2")
                .containsEntry("PHOTFLUX_KEY", "FLUX_APER(1)").containsEntry("CHECKIMAGE_TYPE", "NONE")
                .containsEntry("NTHREADS", "1");
        assertThat(config.text(ConfigFile.FILTER)).contains("1 2 1\n2 4 2\n1 2 1");
        assertThat(config.text(ConfigFile.STARNNW)).startsWith("NNW").contains("V1.3");
    }

    @Test
    void commandLinesFollowSpec51WithOverridesLast() {
        ExtractionConfig overridden = config.withOverrides(ConfigOverrides.of(List.of("BACK_SIZE=16", "pass2:DETECT_THRESH=4",
                "psfex:SAMPLE_MINSN=10")));
        Path image = Path.of("/data/raw/tile.fits");
        assertThat(overridden.pass1Arguments(image)).containsExactly("/data/raw/tile.fits", "-c", "sex_pass1.sex",
                "-CATALOG_NAME", "pass1.ldac", "-CATALOG_TYPE", "FITS_LDAC", "-PSF_NAME", "", "-BACK_SIZE", "16");
        assertThat(overridden.pass2Arguments(image)).containsExactly("/data/raw/tile.fits", "-c", "sex_pass2.sex",
                "-CATALOG_NAME", "pass2.ldac", "-CATALOG_TYPE", "FITS_LDAC", "-PSF_NAME", "pass1.psf",
                "-BACK_SIZE", "16", "-DETECT_THRESH", "4");
        assertThat(overridden.psfexArguments()).containsExactly("pass1.ldac", "-c", "psfex.conf", "-SAMPLE_MINSN", "10");
        assertThat(overridden.effectiveValue(ConfigFile.SEX_PASS1, "DETECT_THRESH")).contains("5.0");
        assertThat(overridden.effectiveValue(ConfigFile.SEX_PASS2, "DETECT_THRESH")).contains("4");
    }

    @Test
    void malformedAndReservedOverridesAreRejected() {
        assertThatThrownBy(() -> ConfigOverrides.of(List.of("BACK_SIZE"))).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> ConfigOverrides.of(List.of("CATALOG_NAME=x.ldac"))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> ConfigOverrides.of(List.of("pass3:GAIN=1"))).hasMessageContaining("unknown scope");
        assertThatThrownBy(() -> ConfigOverrides.of(List.of("BACK SIZE=1"))).hasMessageContaining("not a configuration key");
        assertThat(ConfigOverrides.parse("back_size=16; psfex:SAMPLE_MINSN=5").pass1()).containsEntry("BACK_SIZE", "16");
    }

    @Test
    void configDirectoryReplacesFilesOfTheSameName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("psfex.conf"), "SAMPLE_MINSN 7\n");
        ExtractionConfig replaced = config.withConfigDir(dir);
        assertThat(replaced.effectiveValue(ConfigFile.PSFEX, "SAMPLE_MINSN")).contains("7");
        assertThat(replaced.text(ConfigFile.SEX_PASS1)).isEqualTo(config.text(ConfigFile.SEX_PASS1));
        assertThatThrownBy(() -> config.withConfigDir(dir.resolve("missing"))).hasMessageContaining("does not exist");
    }

    @Test
    void timeoutScalesWithImageSize() {
        ExtractSettings settings = ExtractSettings.from(org.vasco.common.config.Environment.of(Map.of(
                "VASCO_EXTRACT_TIMEOUT_BASE", "60s", "VASCO_EXTRACT_TIMEOUT_PER_MEGAPIXEL", "100s")));
        assertThat(settings.timeoutFor(4.0)).hasSeconds(460);
        assertThat(settings.timeoutFor(0.0)).hasSeconds(60);
    }
}
