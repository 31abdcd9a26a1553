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
 * A tile's position-pass catalogue ({@code tiles/<id>/extract/ArtefactFile.POSITIONS_CATALOGUE}), present when the tile was last
 * extracted for the fast path (a full extraction removes it), read by {@link LdacCatalogue#positions()} and placed
 * like pass-2 rows ({@link DetectionAstrometry#placedPositions}): every detection of pass 2 with its NUMBER, pixel
 * and world positions, FLUX_AUTO and SNR_WIN, the columns that do not depend on the PSF and so equal the full pass
 * 2's bit for bit.
 */
final class PositionPassDetections {

    private PositionPassDetections() {
    }

    static Path file(ArtefactStore store, TileId tile) {
        return store.artefacts(tile).positionsCatalogue();
    }

    /** The detections, or empty when the tile has no position-pass catalogue. */
    static Optional<List<Detection>> read(ArtefactStore store, TileId tile) throws IOException {
        Path file = file(store, tile);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DetectionAstrometry.placedPositions(LdacCatalogue.read(file)));
        } catch (FitsFormatException | IllegalArgumentException e) {
            throw new IOException(file + " is not a readable position-pass catalogue: " + e.getMessage(), e);
        }
    }
}
