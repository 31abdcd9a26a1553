package org.vasco.xmatch.stage;

import java.io.IOException;
import java.util.List;
import org.vasco.common.detection.Detection;
import org.vasco.common.tile.TileId;

/** The pass-2 detections of a tile ({@code tiles/<tile_id>/extract/ArtefactFile.PASS2_CATALOGUE}). Implementations are thread-safe. */
@FunctionalInterface
public interface DetectionSource {

    /**
     * @throws IOException when the catalogue cannot be read; the stage retries
     */
    List<Detection> detections(TileId tile) throws IOException;
}
