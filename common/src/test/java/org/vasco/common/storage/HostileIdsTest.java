package org.vasco.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.task.RunId;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.tile.TileId;

/**
 * Tile ids, run names and storage names are the only inputs that become paths (docs/security.md): each hostile form
 * is refused before it touches the storage, with a message that cannot forge a log line, and every path the store
 * hands out stays below its root.
 */
class HostileIdsTest {

    private static final String TILE = "tile_RA130.013_DECp33.081";

    @TempDir
    Path dir;

    @Test
    void tileIdsWithTraversalOrMetacharactersAreRefused() {
        List<String> hostile = List.of("../../etc/passwd", TILE + "/../../x", "/etc/passwd", "..", ".", "", TILE + "\n",
                TILE + "\u0000", TILE + ";rm -rf /", TILE + "$(id)", TILE + "' OR '1'='1", "%2e%2e%2f" + TILE,
                "tile_RA１30.013_DECp33.081", "tile_RA130.013_DECp33.081 ", "TILE_RA130.013_DECP33.081",
                "tile_RA130.013_DECx33.081", "tile_RA130.01_DECp33.081", TILE + "\\..\\x");
        for (String id : hostile) {
            assertThatThrownBy(() -> TileId.of(id)).as(id).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Invalid tile id")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\u0000"));
        }
        assertThatThrownBy(() -> TileId.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runNamesWithTraversalOrMetacharactersAreRefused() {
        List<String> hostile = List.of("..", "../x", "a/b", "a\\b", ".hidden", "-flag", "a..b", "x'; DROP TABLE run;--",
                "a b", "run\nINFO forged line", "ｒｕｎ", "a".repeat(65), "", "run%2F..", "$(id)", "run;ls");
        for (String name : hostile) {
            assertThatThrownBy(() -> RunId.validate(name)).as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Invalid run name")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(RunId.validate("demo-2026.11_25")).isEqualTo("demo-2026.11_25");
    }

    @Test
    void theStoreNeverHandsOutAPathOutsideItsRoot() {
        ArtefactStore store = new ArtefactStore(dir.resolve("data"));
        TileId tile = TileId.of(TILE);
        // An area is a TileArea, never a string, so no input can name one; each lies strictly below its tile.
        for (TileArea area : TileArea.values()) {
            assertThat(store.tileArea(tile, area).getParent()).isEqualTo(store.tileDir(tile));
        }
        for (String catalog : List.of("../runs", "gaia/../../etc", "..")) {
            assertThatThrownBy(() -> store.catalogNeighbourhood(catalog, tile)).as(catalog)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String run : List.of("..", "../..", "x/../../y")) {
            assertThatThrownBy(() -> store.runDir(run)).as(run).isInstanceOf(IllegalArgumentException.class);
        }
        Path root = store.root();
        assertThat(store.tileArea(tile, TileArea.RAW)).startsWithRaw(root).isEqualTo(root.resolve("tiles/" + TILE + "/raw"));
        assertThat(store.catalogNeighbourhood("gaia", tile)).startsWithRaw(root)
                .isEqualTo(root.resolve("catalogs/gaia/" + TILE + ".csv.gz"));
        assertThat(store.runDir("demo-1")).startsWithRaw(root).isEqualTo(root.resolve("runs/demo-1"));
    }

    @Test
    void tasksWithHostileFieldsNeverDecode() {
        String good = "{\"schema\":1,\"run_id\":\"r1\",\"tile_id\":\"" + TILE + "\",\"plate_id\":\"XE309\","
                + "\"ra_deg\":130.013,\"dec_deg\":33.081,\"step\":\"download\",\"attempt\":1,\"trace_id\":\"t-1\"}";
        assertThat(TaskCodec.decode(good.getBytes(StandardCharsets.UTF_8)).tile()).isEqualTo(TileId.of(TILE));
        List<String> hostile = List.of(
                good.replace("\"r1\"", "\"../r1\""),
                good.replace("\"r1\"", "\"r1'; DROP TABLE run;--\""),
                good.replace(TILE, "../../" + TILE),
                good.replace("\"XE309\"", "\"XE309\\nERROR forged\""),
                good.replace("\"XE309\"", "\"../XE309\""),
                good.replace("\"t-1\"", "\"t-1\\r\\nforged\""));
        for (String json : hostile) {
            assertThatThrownBy(() -> TaskCodec.decode(json.getBytes(StandardCharsets.UTF_8))).as(json)
                    .isInstanceOf(TaskCodec.MalformedTaskException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
        }
    }
}
