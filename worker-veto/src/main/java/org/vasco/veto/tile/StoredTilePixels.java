package org.vasco.veto.tile;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vasco.common.detection.Detection;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.veto.shape.FitsTileImage;
import org.vasco.veto.stages.TilePixels;

/**
 * S0S's material from a tile's stored artefacts: the raw DSS cut-out the download step left under
 * {@code tiles/<id>/raw/} ({@link org.vasco.common.storage.TileArtefacts#rawImage()}, the extract step's lookup; several
 * images are an error) read by
 * {@link FitsTileImage}, and every detection of the tile as profile neighbours (NUMBER, XWIN/YWIN_IMAGE,
 * FLUX_AUTO, SPEC §9.3): from the position pass when the tile was extracted for the fast path, whose measured
 * pass 2 holds only some objects, else from the full pass 2; the two give the same values (the columns do not
 * depend on the PSF). Thread-safe (stateless).
 */
public final class StoredTilePixels implements TilePixels {

    private final ArtefactStore store;

    public StoredTilePixels(ArtefactStore store) {
        this.store = store;
    }

    @Override
    public Optional<TileImage> image(String tileId) throws IOException {
        Optional<Path> image = store.artefacts(TileId.of(tileId)).rawImage();
        if (image.isEmpty()) {
            return Optional.empty();
        }
        FitsTileImage.Loaded loaded = FitsTileImage.read(image.get());
        return Optional.of(new TileImage(loaded.pixels(), loaded.pixelScaleArcsec()));
    }

    @Override
    public List<Star> stars(String tileId) throws IOException {
        TileId tile = TileId.of(tileId);
        Optional<List<Detection>> all = PositionPassDetections.read(store, tile);
        if (all.isEmpty()) {
            all = Pass2Detections.read(store, tile);
        }
        if (all.isEmpty()) {
            throw new NoSuchFileException(Pass2Detections.file(store, tile).toString(), null,
                    "the extract step has left neither a pass-2 nor a position-pass catalogue");
        }
        List<Star> stars = new ArrayList<>(all.get().size());
        for (Detection d : all.get()) {
            stars.add(new Star(d.number(), d.xwinImage(), d.ywinImage(), d.fluxAuto(), d.alphawinJ2000(), d.deltawinJ2000()));
        }
        return stars;
    }
}
