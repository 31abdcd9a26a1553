package org.vasco.common.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TaskCodecTest {

    @Test
    void aTaskSurvivesTheRoundTrip() {
        TileTask task = new TileTask(TileTask.SCHEMA, "run-1", "tile_RA10.000_DECp20.000", "XE001", 10.0, 20.0,
                "download", 1, "trace");
        assertThat(TaskCodec.decode(TaskCodec.encode(task).getBytes(StandardCharsets.UTF_8))).isEqualTo(task);
    }

    @Test
    void theJsonLiteralNullIsMalformedNotANullTask() {
        // Jackson maps "null" to a null object; before this check it reached the stage loop and blocked its partition.
        assertThatThrownBy(() -> TaskCodec.decode(" null ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TaskCodec.MalformedTaskException.class).hasMessageContaining("the JSON literal null");
    }
}
