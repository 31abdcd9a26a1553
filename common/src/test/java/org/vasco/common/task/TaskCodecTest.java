package org.vasco.common.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vasco.common.tile.TileId;

class TaskCodecTest {

    /** Schema 1 as it is on the topics: workers of another build must read what this one writes, byte for byte. */
    private static final String WIRE = "{\"schema\":1,\"run_id\":\"run-1\",\"tile_id\":\"tile_RA10.000_DECp20.000\","
            + "\"plate_id\":\"XE001\",\"ra_deg\":10.0,\"dec_deg\":20.0,\"step\":\"download\",\"attempt\":1,"
            + "\"trace_id\":\"trace\"}";

    @Test
    void aTaskSurvivesTheRoundTrip() {
        TileTask task = new TileTask(TileTask.SCHEMA, "run-1", TileId.of("tile_RA10.000_DECp20.000"), "XE001", 10.0, 20.0,
                Step.DOWNLOAD, 1, "trace");
        assertThat(TaskCodec.encode(task)).isEqualTo(WIRE);
        TileTask decoded = TaskCodec.decode(WIRE.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded).isEqualTo(task);
        assertThat(decoded.tile()).isEqualTo(TileId.of("tile_RA10.000_DECp20.000"));
        assertThat(decoded.step()).isEqualTo(Step.DOWNLOAD);
    }

    @Test
    void aMessageWithSeveralFaultsIsRefusedForTheFirstInWireOrder() {
        String bad = WIRE.replace("\"XE001\"", "\"../XE001\"").replace("\"download\"", "\"bake\"");
        assertThatThrownBy(() -> TaskCodec.decode(bad.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TaskCodec.MalformedTaskException.class).hasMessageContaining("Invalid plate id '../XE001'");
        String badTile = WIRE.replace("tile_RA10.000_DECp20.000", "../etc").replace("\"download\"", "\"bake\"");
        assertThatThrownBy(() -> TaskCodec.decode(badTile.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TaskCodec.MalformedTaskException.class).hasMessageContaining("Invalid tile id '../etc'");
    }

    @Test
    void theJsonLiteralNullIsMalformedNotANullTask() {
        // Jackson maps "null" to a null object; before this check it reached the stage loop and blocked its partition.
        assertThatThrownBy(() -> TaskCodec.decode(" null ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TaskCodec.MalformedTaskException.class).hasMessageContaining("the JSON literal null");
    }
}
