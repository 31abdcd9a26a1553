package org.vasco.veto.tile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.veto.stages.TilePsfStars;

/**
 * S0M's material from a tile's stored artefacts (SPEC §9.2): the pass-2 detections inside the 30′ circle
 * around the tile centre, placed by the tile's astrometry (ALPHAWIN/DELTAWIN_J2000), and the Gaia DR3
 * neighbourhood the xmatch step cached under {@code catalogs/gaia/<tile_id>.csv.gz}, at catalogue epoch
 * (the reference matches PSF stars to unpropagated Gaia positions). The PSF selection itself (FLAGS, ELONGATION,
 * 3″, 12 &lt; G &lt; 18, ≥ 5 stars) is the stage's. Thread-safe (stateless).
 */
public final class StoredPsfStars implements TilePsfStars {

    /**
     * The reference builds the PSF set from the circle-cut pass-2 catalogue, and its release ran with a 30′
     * circle (SPEC §6.2); the PSF medians follow the release's region whatever the xmatch step's cut.
     */
    static final double CIRCLE_ARCMIN = 30.0;

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
            if (Double.isFinite(ra) && Double.isFinite(dec)
                    && SkyGeometry.separationDeg(tile.raDeg(), tile.decDeg(), ra, dec) * 60.0 <= CIRCLE_ARCMIN) {
                detections.add(new Detection(ra, dec, d.flags(), d.elongation(), d.fwhmImage(), d.spreadModel()));
            }
        }
        List<String[]> rows = NeighbourhoodCsv.read(Catalogue.GAIA, gaiaFile);
        int raColumn = Catalogue.GAIA.columns().indexOf("ra");
        int decColumn = Catalogue.GAIA.columns().indexOf("dec");
        int gColumn = Catalogue.GAIA.columns().indexOf("Gmag");
        List<GaiaStar> gaia = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            double ra = number(row[raColumn]);
            double dec = number(row[decColumn]);
            double g = number(row[gColumn]);
            if (Double.isFinite(ra) && Double.isFinite(dec) && Double.isFinite(g)) {
                gaia.add(new GaiaStar(ra, dec, g));
            }
        }
        return Optional.of(new Neighbourhood(detections, gaia));
    }

    /** The value of a neighbourhood cell; empty or non-numeric text (a star without G) is NaN and left out. */
    private static double number(String text) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
