package org.vasco.veto.tile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.detection.Detection;
import org.vasco.common.psf.LocusStarSelection;
import org.vasco.common.psf.PsfStarPositions;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.veto.stages.TileLocus;

/**
 * The corrected profile's stellar locus from a tile's stored artefacts: {@link LocusStarSelection} over every
 * detection of the tile (the position pass when the tile was extracted for the fast path, else the full pass 2) and
 * the Gaia neighbourhood the xmatch step cached, then those stars' measured columns from the tile's pass-2 catalogue.
 * In a fast-path run of the corrected profile the xmatch step listed the same selection for the measure step, so the
 * measured pass 2 holds every one of them. Thread-safe (stateless).
 */
public final class StoredLocusStars implements TileLocus {

    private final ArtefactStore store;

    public StoredLocusStars(ArtefactStore store) {
        this.store = store;
    }

    @Override
    public Optional<List<LocusStar>> locusFor(String tileId) throws IOException {
        TileId tile = TileId.of(tileId);
        Path gaiaFile = store.catalogNeighbourhood(Catalogue.GAIA.label(), tile);
        Optional<List<Detection>> measured = Pass2Detections.read(store, tile);
        if (measured.isEmpty() || !Files.isRegularFile(gaiaFile)) {
            return Optional.empty();
        }
        Optional<List<Detection>> all = PositionPassDetections.read(store, tile);
        CatalogueNeighbourhood gaia = new CatalogueNeighbourhood(Catalogue.GAIA, tile.raDeg(), tile.decDeg(), Double.NaN,
                NeighbourhoodCsv.read(Catalogue.GAIA, gaiaFile));
        Set<Integer> chosen = LocusStarSelection.select(tile, all.orElse(measured.get()), PsfStarPositions.gaiaStars(gaia));
        return Optional.of(of(measured.get(), chosen));
    }

    /** The measured detections among {@code chosen}, as locus stars. */
    public static List<LocusStar> of(List<Detection> measured, Set<Integer> chosen) {
        List<LocusStar> stars = new ArrayList<>(chosen.size());
        for (Detection d : measured) {
            if (chosen.contains(d.number())) {
                stars.add(new LocusStar(d.number(), d.xwinImage(), d.ywinImage(), d.snrWin(), d.flags(), d.fwhmImage(),
                        d.elongation(), d.spreadModel()));
            }
        }
        return stars;
    }
}
