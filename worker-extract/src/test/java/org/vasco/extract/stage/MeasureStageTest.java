package org.vasco.extract.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.DetectionAstrometry;
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
import org.vasco.extract.pipeline.VetoSurvivors;
import org.vasco.extract.tool.ToolLocator;

/**
 * The fast path on tile storage: the extract step of a run whose graph has a measure step writes the position
 * set, and the MEASURE stage turns the survivors file into a pass2.ldac of the survivors with their position-pass
 * NUMBERs; no survivors, missing and malformed inputs.
 */
class MeasureStageTest {

    static final TileId TILE = TileId.of("tile_RA150.000_DECp30.000");
    static final List<Step> FAST = List.of(Step.DOWNLOAD, Step.EXTRACT, Step.XMATCH, Step.MEASURE, Step.VETO);

    @TempDir
    Path root;

    ArtefactStore store;
    Path extractArea;
    Path survivorsFile;
    Path psfReferenceFile;

    @BeforeEach
    void setUp() throws Exception {
        store = new ArtefactStore(root);
        extractArea = store.tileArea(TILE, TileArea.EXTRACT);
        survivorsFile = store.artefacts(TILE).vetoSurvivors();
        psfReferenceFile = store.artefacts(TILE).psfReference();
        Path raw = Files.createDirectories(store.tileArea(TILE, TileArea.RAW));
        TestImages.field(raw.resolve("dss1red_" + TILE.value() + ".fits"), 200, 40, 2, 17);
    }

    @Test
    void survivorsAreMeasuredUnderTheirPositionPassNumbers() throws Exception {
        // a full run's pass2.ldac of this tile must not survive the fast run's extract step
        StageResult full = ExtractStage.create(Environment.of(Map.of()), store, ToolLocator.system()).run(context(Step.EXTRACT, 1, List.of()));
        assertThat(full.metrics()).containsKey("pass2_detections");
        List<Detection> fullRows = DetectionAstrometry.placedDetections(LdacCatalogue.read(extractArea.resolve("pass2.ldac")));

        StageResult extract = ExtractStage.create(Environment.of(Map.of()), store, ToolLocator.system()).run(context(Step.EXTRACT, 1, FAST));
        assertThat(extract.metrics()).containsEntry("position_detections", fullRows.size()).containsKey("positions_seconds")
                .doesNotContainKey("pass2_detections");
        assertThat(extractArea.resolve("pass2.ldac")).doesNotExist();
        assertThat(extractArea.resolve("pass1.psf")).isNotEmptyFile();
        List<Detection> positions = DetectionAstrometry.placedPositions(LdacCatalogue.read(extractArea.resolve("positions.ldac")));
        assertThat(positions).hasSameSizeAs(fullRows);
        assertThat(positions.get(0).spreadModel()).isNaN();
        assertThat(positions.get(0).flags()).isEqualTo(-1);

        // every third object survives the veto, and every fifth can be a PSF star, as the xmatch step would list them
        List<VetoSurvivors.Survivor> listed = new ArrayList<>();
        for (int i = 1; i < positions.size(); i += 3) {
            Detection p = positions.get(i);
            listed.add(new VetoSurvivors.Survivor(p.number(), p.xImage(), p.yImage()));
        }
        List<VetoSurvivors.Survivor> psfStars = new ArrayList<>();
        for (int i = 1; i < positions.size(); i += 5) {
            Detection p = positions.get(i);
            psfStars.add(new VetoSurvivors.Survivor(p.number(), p.xImage(), p.yImage()));
        }
        List<Integer> union = new ArrayList<>(listed.stream().map(VetoSurvivors.Survivor::number).toList());
        psfStars.stream().map(VetoSurvivors.Survivor::number).filter(n -> !union.contains(n)).forEach(union::add);
        assertThat(union).as("the lists overlap and each adds objects").hasSizeLessThan(listed.size() + psfStars.size())
                .hasSizeGreaterThan(listed.size());
        writeSurvivors(new VetoSurvivors(listed).csv());
        writePsfReference(new VetoSurvivors(psfStars).csv());
        StageResult measured = stage().run(context(Step.MEASURE, 1, FAST));
        assertThat(measured.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(measured.metrics()).containsEntry("survivors_in", listed.size()).containsEntry("psf_reference_in", psfStars.size())
                .containsEntry("measured", union.size())
                .containsEntry("measure_method", "assoc").containsEntry("attempt", 1).containsKeys("tools_seconds", "step_seconds");
        List<Detection> rows = DetectionAstrometry.placedDetections(LdacCatalogue.read(extractArea.resolve("pass2.ldac")));
        assertThat(rows).containsExactlyInAnyOrderElementsOf(union.stream().map(n -> fullRows.get(n - 1)).toList());
        assertThat(extractArea.resolve("measure-work")).doesNotExist();
        assertThat(extractArea.resolve("logs/measure-attempt-1/measure.err")).exists();

        // the veto removed everything on a rerun: no candidate, so the PSF stars are not measured either, and no
        // stale pass2.ldac is left
        writeSurvivors(VetoSurvivors.HEADER + "\n");
        StageResult none = stage().run(context(Step.MEASURE, 2, FAST));
        assertThat(none.outcome()).isEqualTo(StepOutcome.DONE);
        assertThat(none.metrics()).containsEntry("survivors_in", 0).containsEntry("psf_reference_in", psfStars.size())
                .containsEntry("measured", 0).containsEntry("measure_method", "none");
        assertThat(extractArea.resolve("pass2.ldac")).doesNotExist();
    }

    @Test
    void missingInputsAreTransientAndNameTheFile() throws Exception {
        MeasureStage stage = stage();
        assertThatThrownBy(() -> stage.run(context(Step.MEASURE, 1, FAST)))
                .isInstanceOfSatisfying(TransientStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo("INPUT_MISSING");
                    assertThat(e.getMessage()).contains(survivorsFile.toString(), "xmatch step");
                });
        writeSurvivors(VetoSurvivors.HEADER + "\n3,10.5,20.25\n");
        assertThatThrownBy(() -> stage.run(context(Step.MEASURE, 1, FAST)))
                .isInstanceOfSatisfying(TransientStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo("INPUT_MISSING");
                    assertThat(e.getMessage()).contains(psfReferenceFile.toString(), "xmatch step");
                });
        writePsfReference(VetoSurvivors.HEADER + "\n");
        assertThatThrownBy(() -> stage.run(context(Step.MEASURE, 1, FAST)))
                .isInstanceOfSatisfying(TransientStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo("INPUT_MISSING");
                    assertThat(e.getMessage()).contains(extractArea.resolve("pass1.psf").toString(), "extract step");
                });
    }

    @Test
    void aMalformedSurvivorsFileIsPermanent() throws Exception {
        MeasureStage stage = stage();
        for (String text : List.of("", "NUMBER,X,Y\n1,2,3\n", VetoSurvivors.HEADER + "\n1,2\n", VetoSurvivors.HEADER + "\n1,2,x\n",
                VetoSurvivors.HEADER + "\n1,2,3\n1,4,5\n", VetoSurvivors.HEADER + "\n0,2,3\n")) {
            writeSurvivors(text);
            writePsfReference(VetoSurvivors.HEADER + "\n");
            assertThatThrownBy(() -> stage.run(context(Step.MEASURE, 1, FAST)))
                    .as("survivors file '%s'", text)
                    .isInstanceOfSatisfying(PermanentStageException.class, e -> {
                        assertThat(e.reason()).isEqualTo("BAD_SURVIVORS");
                        assertThat(e.getMessage()).contains(survivorsFile.toString());
                    });
        }
    }

    @Test
    void survivorsThatAreNoObjectsOfTheImageArePermanent() throws Exception {
        ExtractStage.create(Environment.of(Map.of()), store, ToolLocator.system()).run(context(Step.EXTRACT, 1, FAST));
        writeSurvivors(VetoSurvivors.HEADER + "\n1,3.25,4.5\n");
        writePsfReference(VetoSurvivors.HEADER + "\n");
        assertThatThrownBy(() -> stage().run(context(Step.MEASURE, 1, FAST)))
                .isInstanceOfSatisfying(PermanentStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo("INCONSISTENT_INPUTS");
                    assertThat(e.getMessage()).contains(TILE.value(), "not pass-2 objects");
                });
        assertThat(extractArea.resolve("pass2.ldac")).doesNotExist();
        assertThat(extractArea.resolve("measure-work")).doesNotExist();
    }

    private MeasureStage stage() throws Exception {
        MeasureStage stage = MeasureStage.create(Environment.of(Map.of()), store, ToolLocator.system());
        assertThat(stage.step()).isEqualTo(Step.MEASURE);
        assertThat(stage.toolsAvailable()).isTrue();
        return stage;
    }

    @Test
    void aMalformedPsfReferenceFileOrAnObjectListedAtTwoPlacesIsPermanent() throws Exception {
        MeasureStage stage = stage();
        writeSurvivors(VetoSurvivors.HEADER + "\n3,10.5,20.25\n");
        writePsfReference("NUMBER,X,Y\n1,2,3\n");
        assertThatThrownBy(() -> stage.run(context(Step.MEASURE, 1, FAST)))
                .isInstanceOfSatisfying(PermanentStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo("BAD_SURVIVORS");
                    assertThat(e.getMessage()).contains(psfReferenceFile.toString());
                });
        writePsfReference(VetoSurvivors.HEADER + "\n3,10.5,21.25\n");
        assertThatThrownBy(() -> stage.run(context(Step.MEASURE, 1, FAST)))
                .isInstanceOfSatisfying(PermanentStageException.class, e -> {
                    assertThat(e.reason()).isEqualTo("BAD_SURVIVORS");
                    assertThat(e.getMessage()).contains("NUMBER 3", "veto_survivors.csv", "psf_reference.csv");
                });
    }

    private void writePsfReference(String text) throws Exception {
        Files.createDirectories(psfReferenceFile.getParent());
        Files.writeString(psfReferenceFile, text);
    }

    private void writeSurvivors(String text) throws Exception {
        Files.createDirectories(survivorsFile.getParent());
        Files.writeString(survivorsFile, text);
    }

    private static StageContext context(Step step, int attempt, List<Step> graph) {
        TileTask task = new TileTask(TileTask.SCHEMA, "run-test", TILE, "XE001", 150.0, 30.0, step, attempt,
                "trace-" + attempt);
        return new StageContext(task, attempt, Clock.systemUTC(), graph);
    }
}
