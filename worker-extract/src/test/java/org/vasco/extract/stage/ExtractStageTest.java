package org.vasco.extract.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.common.fits.LdacCatalogue;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageResult;
import org.vasco.common.stage.StepOutcome;
import org.vasco.common.stage.TransientStageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;
import org.vasco.extract.TestImages;
import org.vasco.extract.TestTools;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolNotFoundException;

/** The EXTRACT stage on tile storage: artefacts, metrics, outcomes by type, and a retry after a hung tool. */
class ExtractStageTest {

    static final TileId TILE = TileId.of("tile_RA150.000_DECp30.000");

    @TempDir
    Path root;

    ArtefactStore store;

    @BeforeEach
    void setUp() {
        store = new ArtefactStore(root);
    }

    @Test
    void hungToolIsKilledAtTheTimeoutAndTheRetryStartsClean() throws Exception {
        placeRaw(TestImages.field(Files.createTempFile(root, "field", ".fits"), 160, 30, 0, 11).file());
        Path hang = TestTools.standIn(root, "sex-hanging", "Source Extractor version 2.25.0 (stand-in)",
                "echo bogus > pass1.ldac\nsleep 600");
        ExtractStage hung = stage(Map.of("VASCO_SEX_BINARY", hang.toString(), "VASCO_EXTRACT_TIMEOUT_BASE", "1s",
                "VASCO_EXTRACT_TIMEOUT_PER_MEGAPIXEL", "0s"));
        assertThatThrownBy(() -> hung.run(context(1)))
                .isInstanceOfSatisfying(TransientStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo("TOOL_TIMEOUT");
                    assertThat(e.getMessage()).contains(TILE.value(), "killed");
                });
        Path area = store.tileArea(TILE, TileArea.EXTRACT);
        assertThat(area.resolve("pass1.ldac")).doesNotExist();
        assertThat(area.resolve("work")).doesNotExist();
        // What a worker killed mid-attempt leaves behind: the retry must not pick any of it up.
        Files.createDirectories(area.resolve("work"));
        Files.writeString(area.resolve("work/pass1.ldac"), "bogus");
        Files.writeString(area.resolve("work/pass1.psf"), "bogus");

        StageResult retried = stage(Map.of()).run(context(2));
        assertThat(retried.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(area.resolve("work")).doesNotExist();
        assertThat(LdacCatalogue.read(area.resolve("pass1.ldac")).rowCount()).isEqualTo(retried.metrics().get("pass1_detections"));
        assertThat(area.resolve("pass1.psf")).isNotEmptyFile();
        assertThat(LdacCatalogue.read(area.resolve("pass2.ldac")).rowCount()).isEqualTo(retried.metrics().get("pass2_detections"));
        assertThat(area.resolve("logs/attempt-1/pass1.err")).exists();
        assertThat(area.resolve("logs/attempt-2/psfex.err")).content().contains("accepted");
        assertThat(retried.metrics()).containsEntry("attempt", 2).containsEntry("astrometry", "SEXTRACTOR_WCS")
                .containsKeys("psf_fwhm_px", "psf_stars_accepted", "pass1_seconds", "psfex_seconds", "pass2_seconds",
                        "tools_seconds", "step_seconds", "overhead_seconds", "sextractor_version", "psfex_version");
        assertThat((double) retried.metrics().get("step_seconds")).isGreaterThanOrEqualTo((double) retried.metrics().get("tools_seconds"));
    }

    @Test
    void unusableInputsArePermanentWithTheirReason() throws Exception {
        ExtractStage stage = stage(Map.of());
        assertThatThrownBy(() -> stage.run(context(1)))
                .isInstanceOfSatisfying(PermanentStageException.class, e -> assertThat(e.reason()).isEqualTo("NO_RAW_FITS"));

        placeRaw(Files.writeString(root.resolve("page.fits"), "<html>502 Bad Gateway</html>"));
        assertThatThrownBy(() -> stage.run(context(1)))
                .isInstanceOfSatisfying(PermanentStageException.class, e -> assertThat(e.reason()).isEqualTo("BAD_FITS"));

        placeRaw(TestImages.field(root.resolve("sparse.fits"), 128, 2, 0, 5).file());
        assertThatThrownBy(() -> stage.run(context(1)))
                .isInstanceOfSatisfying(PermanentStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo("PSF_FAILED");
                    assertThat(e.getMessage()).contains("too few usable stars");
                });
    }

    @Test
    void aToolErrorIsTransientWithTheToolsErrorLines() throws Exception {
        placeRaw(TestImages.field(root.resolve("f.fits"), 128, 10, 0, 3).file());
        Path failing = TestTools.standIn(root, "sex-failing", "Source Extractor version 2.25.0 (stand-in)",
                "echo '> *ERROR*: Not enough memory' >&2; exit 1");
        assertThatThrownBy(() -> stage(Map.of("VASCO_SEX_BINARY", failing.toString())).run(context(1)))
                .isInstanceOfSatisfying(TransientStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo("TOOL_FAILED");
                    assertThat(e.getMessage()).contains("> *ERROR*: Not enough memory");
                });
    }

    @Test
    void aMissingBinaryStopsTheWorkerBeforeItClaimsWork() {
        assertThatThrownBy(() -> ExtractStage.create(Environment.of(Map.of("VASCO_SEX_BINARY", "/nonexistent/sex")), store,
                ToolLocator.system()))
                .isInstanceOf(ToolNotFoundException.class).hasMessageContaining("VASCO_SEX_BINARY");
    }

    private ExtractStage stage(Map<String, String> variables) throws Exception {
        ExtractStage stage = ExtractStage.create(Environment.of(variables), store, ToolLocator.system());
        assertThat(stage.step()).isEqualTo(Step.EXTRACT);
        return stage;
    }

    private void placeRaw(Path image) throws Exception {
        Path raw = Files.createDirectories(store.tileArea(TILE, TileArea.RAW));
        try (var old = Files.list(raw)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Files.copy(image, raw.resolve("dss1red_" + TILE.value() + ".fits"));
        Files.writeString(raw.resolve("dss1red_" + TILE.value() + ".fits.header.json"), "{}");
    }

    private static StageContext context(int attempt) {
        TileTask task = new TileTask(TileTask.SCHEMA, "run-test", TILE, "XE001", 150.0, 30.0,
                Step.EXTRACT, attempt, "trace-" + attempt);
        return new StageContext(task, attempt, Clock.systemUTC());
    }
}
