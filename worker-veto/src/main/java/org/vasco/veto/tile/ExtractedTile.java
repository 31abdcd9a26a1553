package org.vasco.veto.tile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.psf.LocusStarSelection;
import org.vasco.common.psf.PsfStarPositions;
import org.vasco.common.tile.TileId;
import org.vasco.veto.shape.FitsTileImage;
import org.vasco.veto.stages.TileLocus;
import org.vasco.veto.stages.TilePixels;
import org.vasco.veto.stages.TilePsfStars;

/**
 * One extracted tile held in memory as the pixel post stages read a tile from storage, for the commands that run
 * those stages outside a cluster ({@code vasco process}, {@code vasco bench nulltest}): its full pass-2 detections, its
 * Gaia neighbourhood at catalogue epoch and its FITS image, answering for that tile only with the same selections as
 * {@link StoredPsfStars}, {@link StoredTilePixels} and {@link StoredLocusStars}. Thread-safe.
 */
public final class ExtractedTile implements TilePsfStars, TilePixels, TileLocus {

    private final TileId tile;
    private final List<org.vasco.common.detection.Detection> detections;
    private final CatalogueNeighbourhood gaia;
    private final Path fits;
    private TileImage image;

    /**
     * @param detections the tile's full pass-2 detections, placed by its astrometry
     * @param gaia       its Gaia DR3 neighbourhood at catalogue epoch
     * @param fits       its image
     */
    public ExtractedTile(TileId tile, List<org.vasco.common.detection.Detection> detections, CatalogueNeighbourhood gaia,
                         Path fits) {
        this.tile = tile;
        this.detections = List.copyOf(detections);
        this.gaia = gaia;
        this.fits = fits;
    }

    private void check(String tileId) {
        if (!tile.value().equals(tileId)) {
            throw new IllegalArgumentException("this extracted tile is " + tile + ", not " + tileId);
        }
    }

    @Override
    public Optional<Neighbourhood> forTile(String tileId) {
        check(tileId);
        List<Detection> inCircle = new ArrayList<>();
        for (org.vasco.common.detection.Detection d : detections) {
            if (PsfStarPositions.insideCircle(tile, d.alphawinJ2000(), d.deltawinJ2000())) {
                inCircle.add(new Detection(d.alphawinJ2000(), d.deltawinJ2000(), d.flags(), d.elongation(), d.fwhmImage(),
                        d.spreadModel()));
            }
        }
        List<GaiaStar> stars = PsfStarPositions.gaiaStars(gaia).stream()
                .map(g -> new GaiaStar(g.raDeg(), g.decDeg(), g.gmag())).toList();
        return Optional.of(new Neighbourhood(inCircle, stars));
    }

    @Override
    public synchronized Optional<TileImage> image(String tileId) throws IOException {
        check(tileId);
        if (image == null) {
            FitsTileImage.Loaded loaded = FitsTileImage.read(fits);
            image = new TileImage(loaded.pixels(), loaded.pixelScaleArcsec());
        }
        return Optional.of(image);
    }

    @Override
    public List<Star> stars(String tileId) {
        check(tileId);
        return detections.stream().map(d -> new Star(d.number(), d.xwinImage(), d.ywinImage(), d.fluxAuto(),
                d.alphawinJ2000(), d.deltawinJ2000())).toList();
    }

    @Override
    public Optional<List<LocusStar>> locusFor(String tileId) {
        check(tileId);
        return Optional.of(StoredLocusStars.of(detections,
                LocusStarSelection.select(tile, detections, PsfStarPositions.gaiaStars(gaia))));
    }
}
