package org.vasco.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.vasco.common.service.WorkerLauncher;
import org.vasco.common.stage.PermanentStageException;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.TileStage;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;

class StageRegistryTest {

    private static final TileTask TASK = new TileTask(TileTask.SCHEMA, "r1", TileId.of("tile_RA2.001_DECp82.807"), "XE002",
            2.001, 82.807, Step.VETO, 1, "t");

    @Test
    void aStepWithoutAStageRefusesItsTasksPermanently() {
        TileStage stage = new StageUnavailable(Step.VETO);
        assertThat(stage.step()).isEqualTo(Step.VETO);
        assertThatThrownBy(() -> stage.run(new StageContext(TASK, 1, Clock.systemUTC())))
                .isInstanceOf(PermanentStageException.class)
                .hasMessageContaining("veto worker has no stage in this build")
                .satisfies(e -> assertThat(((PermanentStageException) e).reason()).isEqualTo("STAGE_NOT_AVAILABLE"));
    }

    @Test
    void aRegisteredWorkerIsStartedByItsLauncher() {
        WorkerLauncher veto = (env, registry) -> {
            throw new IllegalStateException("not started in this test");
        };
        StageRegistry registry = StageRegistry.empty().with(Step.VETO, veto);
        assertThat(registry.hasStage(Step.VETO)).isTrue();
        assertThat(registry.launcherFor(Step.VETO)).isSameAs(veto);
        assertThat(registry.hasStage(Step.DOWNLOAD)).isFalse();
        assertThat(StageRegistry.bundled().hasStage(Step.EXTRACT)).isTrue();
    }
}
