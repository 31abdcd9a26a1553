package org.vasco.veto.tile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.psf.PsfStarPositions;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.veto.stages.TilePsfStars;

/**
 * S0M's material from a tile's stored artefacts (SPEC §9.2): the pass-2 detections inside the 30′ circle
 * around the tile centre, placed by the tile's astrometry (ALPHAWIN/DELTAWIN_J2000), and the Gaia DR3
 * neighbourhood the xmatch step cached under {@code catalogs/gaia/<tile_id>.csv.gz}, at catalogue epoch
 * (the reference matches PSF stars to unpropagated Gaia positions). The PSF selection itself (FLAGS, ELONGATION,
 * 3″, 12 &lt; G &lt; 18, ≥ 5 stars) is the stage's; circle and Gaia match are {@link PsfStarPositions}'s.
 *
 * <p>In a fast-path run the tile's pass-2 catalogue is the measure step's: the veto survivors and every
 * position-pass detection {@link PsfStarPositions} admits (the xmatch step's {@code ArtefactFile.PSF_REFERENCE}), so it holds
 * every object this selection can pick, measured as a full pass 2 measures it. Thread-safe (stateless).
 */
public final class StoredPsfStars implements TilePsfStars {

    private final ArtefactStore store;

    public StoredPsfStars(ArtefactStore store) {
        this.store = store;
    }

    @Override
    public Optional<Neighbourhood> forTile(String tileId) throws IOException {
        TileId tile = TileId.of(tileId);
        Path gaiaFile = store.catalogNeighbourhood(Catalogue.GAIA.label(), tile);
        Optional<List<org.vasco.common.detection.Detection>> pass2 = Pass2Detections.read(store, tile);
        if (pass2.isEmpty() || !Files.isRegularFile(gaiaFile)) {
            return Optional.empty();
        }
        List<Detection> detections = new ArrayList<>();
        for (org.vasco.common.detection.Detection d : pass2.get()) {
            double ra = d.alphawinJ2000();
            double dec = d.deltawinJ2000();
            if (PsfStarPositions.insideCircle(tile, ra, dec)) {
                detections.add(new Detection(ra, dec, d.flags(), d.elongation(), d.fwhmImage(), d.spreadModel()));
            }
        }
        CatalogueNeighbourhood rows = new CatalogueNeighbourhood(Catalogue.GAIA, tile.raDeg(), tile.decDeg(),
                Double.NaN, NeighbourhoodCsv.read(Catalogue.GAIA, gaiaFile));
        List<GaiaStar> gaia = new ArrayList<>(rows.size());
        for (PsfStarPositions.GaiaStar g : PsfStarPositions.gaiaStars(rows)) {
            gaia.add(new GaiaStar(g.raDeg(), g.decDeg(), g.gmag()));
        }
        return Optional.of(new Neighbourhood(detections, gaia));
    }
}
