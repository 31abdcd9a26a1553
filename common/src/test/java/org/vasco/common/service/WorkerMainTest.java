package org.vasco.common.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.Environment;
import org.vasco.common.stage.TileStage;

/** A worker image runs the one stage its module registers, and says plainly when there is none or several. */
class WorkerMainTest {

    static final class Download implements StageFactory {
        @Override
        public TileStage create(Environment env) {
            throw new UnsupportedOperationException("not started in this test");
        }
    }

    static final class Extract implements StageFactory {
        @Override
        public TileStage create(Environment env) {
            throw new UnsupportedOperationException("not started in this test");
        }
    }

    @Test
    void theOneFactoryIsChosen() {
        Download only = new Download();
        assertThat(WorkerMain.onlyFactory(List.of(only))).isSameAs(only);
    }

    @Test
    void noFactoryOrSeveralAreRefusedWithTheirNames() {
        assertThatThrownBy(() -> WorkerMain.onlyFactory(List.of()))
                .hasMessageContaining("No stage on the class path").hasMessageContaining("META-INF/services/" + StageFactory.class.getName());
        assertThatThrownBy(() -> WorkerMain.onlyFactory(List.of(new Download(), new Extract())))
                .hasMessageContaining(Download.class.getName()).hasMessageContaining(Extract.class.getName());
    }
}
