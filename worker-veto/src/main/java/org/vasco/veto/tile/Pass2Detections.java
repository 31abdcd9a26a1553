package org.vasco.veto.tile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.DetectionAstrometry;
import org.vasco.common.fits.FitsFormatException;
import org.vasco.common.fits.LdacCatalogue;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;

/**
 * A tile's pass-2 catalogue as the extract step leaves it ({@code tiles/<id>/extract/ArtefactFile.PASS2_CATALOGUE}), with world
 * positions from the tile's own astrometry (the same reader the xmatch step uses, so positions agree).
 */
final class Pass2Detections {

    private Pass2Detections() {
    }

    static Path file(ArtefactStore store, TileId tile) {
        return store.artefacts(tile).pass2Catalogue();
    }

    /** The detections, or empty when the tile has no pass-2 catalogue. */
    static Optional<List<Detection>> read(ArtefactStore store, TileId tile) throws IOException {
        Path file = file(store, tile);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DetectionAstrometry.placedDetections(LdacCatalogue.read(file)));
        } catch (FitsFormatException | IllegalArgumentException e) {
            throw new IOException(file + " is not a readable pass-2 catalogue: " + e.getMessage(), e);
        }
    }
}
