package org.vasco.common.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.vasco.common.tile.TileId;

/**
 * A tile's raw area holds more than one FITS image, so {@link TileArtefacts#rawImage()} cannot say which one the
 * download step left. The download step writes one name per tile; a second file was put there by hand or by an
 * older layout.
 */
public final class AmbiguousRawImageException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient List<Path> images;

    AmbiguousRawImageException(TileId tile, Path area, List<Path> images) {
        super(tile + ": expected one FITS image in " + area + " (written by the download step), found " + images.size()
                + " " + images);
        this.images = List.copyOf(images);
    }

    /** The images found, in name order. */
    public List<Path> images() {
        return images;
    }
}
