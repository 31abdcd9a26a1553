package org.vasco.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.tile.TileId;

/** Atomic writes: whole or nothing at the target, and no temporary file left by a crashed earlier writer. */
class AtomicWriteTest {

    @TempDir
    Path root;

    @Test
    void aCompleteWriteRemovesTheTemporaryFileOfAWriterKilledMidWrite() throws IOException {
        ArtefactStore store = new ArtefactStore(root);
        Path target = store.catalogNeighbourhood("gaia", TileId.of("tile_RA110.485_DECp29.702"));
        Files.createDirectories(target.getParent());
        // What a SIGKILLed writer leaves: its temporary file, half written; and another target's, which is not ours.
        Path leftover = target.resolveSibling(".tmp-" + target.getFileName() + "-4fa95530-450c-4efa-bcfb-f310bdb21c24");
        Path otherTarget = target.resolveSibling(".tmp-tile_RA111.636_DECp29.702.csv.gz-0e4c");
        Files.writeString(leftover, "ra,dec\n12.3,");
        Files.writeString(otherTarget, "ra,dec\n");

        store.writeAtomically(target, out -> out.write("ra,dec\n12.3,45.6\n".getBytes(StandardCharsets.US_ASCII)));

        assertThat(target).hasContent("ra,dec\n12.3,45.6");
        assertThat(leftover).doesNotExist();
        assertThat(otherTarget).exists();
    }

    @Test
    void aFailedWriteLeavesThePreviousVersionAndNoTemporaryFile() throws IOException {
        ArtefactStore store = new ArtefactStore(root);
        Path target = root.resolve("tiles").resolve("summary.json");
        store.writeAtomically(target, out -> out.write("{\"v\":1}".getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> store.writeAtomically(target, out -> {
            out.write("{\"v\":".getBytes(StandardCharsets.US_ASCII));
            throw new IOException("No space left on device");
        })).hasMessageContaining("No space left");

        assertThat(target).hasContent("{\"v\":1}");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files.toList()).isEqualTo(List.of(target));
        }
    }
}
