package org.vasco.veto.tile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.sky.EarthShadow;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.common.sky.match.SkyIndex;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.tile.TileId;
import org.vasco.veto.stages.Candidate;

/**
 * Two columns every candidate row of a tile gets in the veto step, whatever the profile (issue 18 item 7), next to
 * its measured columns: {@value #IN_EARTH_SHADOW} (1 or 0) and {@value #EARTH_SHADOW_DIST} ({@link EarthShadow}, at
 * mid-exposure, or at DATE-OBS when the exposure time is unknown); and {@value #NEAREST_GAIA}, the distance to the
 * nearest Gaia DR3 source of the tile's cached neighbourhood at the plate epoch within {@value #GAIA_SEARCH_ARCSEC}″
 * (absent when none): a survivor with one within the veto radius means the veto failed silently, which
 * {@code vasco report} checks for every S0 row. Stateless apart from its store; thread-safe.
 */
final class CandidateChecks {

    static final String IN_EARTH_SHADOW = "in_earth_shadow";
    static final String EARTH_SHADOW_DIST = "earth_shadow_dist_deg";
    static final String NEAREST_GAIA = "nearest_gaia_arcsec";
    static final double GAIA_SEARCH_ARCSEC = 10.0;

    private final ArtefactStore store;

    CandidateChecks(ArtefactStore store) {
        this.store = store;
    }

    /** The columns of each candidate, by src_id. */
    Map<String, Map<String, Object>> of(TileId tile, List<Candidate> candidates) throws IOException {
        Map<String, Map<String, Object>> columns = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return columns;
        }
        SkyIndex gaia = gaiaAtPlate(tile, candidates.get(0).epochYear());
        for (Candidate c : candidates) {
            Map<String, Object> m = new LinkedHashMap<>();
            double jd = c.midExposureJd();
            if (Double.isFinite(jd)) {
                EarthShadow.Verdict shadow = EarthShadow.ofPalomar(c.raDeg(), c.decDeg(), jd);
                m.put(IN_EARTH_SHADOW, shadow.inShadow() ? 1 : 0);
                m.put(EARTH_SHADOW_DIST, shadow.distanceDeg());
            }
            if (gaia != null) {
                double[] nearest = {Double.POSITIVE_INFINITY};
                gaia.forEachWithin(c.raDeg(), c.decDeg(), GAIA_SEARCH_ARCSEC,
                        (row, separation) -> nearest[0] = Math.min(nearest[0], separation));
                if (Double.isFinite(nearest[0])) {
                    m.put(NEAREST_GAIA, nearest[0]);
                }
            }
            columns.put(c.srcId(), m);
        }
        return columns;
    }

    /** The tile's cached Gaia neighbourhood moved to the plate epoch, or null when it is not in storage. */
    private SkyIndex gaiaAtPlate(TileId tile, double epochYear) throws IOException {
        Path file = store.catalogNeighbourhood(Catalogue.GAIA.label(), tile);
        if (!Files.isRegularFile(file) || !Double.isFinite(epochYear)) {
            return null;
        }
        CatalogueNeighbourhood n = new CatalogueNeighbourhood(Catalogue.GAIA, tile.raDeg(), tile.decDeg(), Double.NaN,
                NeighbourhoodCsv.read(Catalogue.GAIA, file));
        EpochPropagation.Propagated p = EpochPropagation.propagate(n.ra(), n.dec(), n.doubles("pmRA"), n.doubles("pmDE"),
                Catalogue.GAIA.epoch(), epochYear);
        return SkyIndex.build(p.ra(), p.dec(), GAIA_SEARCH_ARCSEC);
    }
}
