package org.vasco.testkit.archives;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;

/**
 * Plugs the synthetic sky into the loopback catalogue servers: cones anywhere near a rendered tile
 * (including the off-centre quadrant cones of a split fetch) are cut from the tile's neighbourhoods.
 */
public final class SkyCones {

    private SkyCones() {
    }

    /**
     * A {@link ConeSource} answering anywhere on the sky. The catalogues hold only what depends on the seed
     * (stars, galaxies), so any small cut-out at the cone centre carries the same neighbourhood.
     */
    public static ConeSource of(SyntheticSky sky) {
        Objects.requireNonNull(sky, "sky");
        SyntheticSky starsOnly = sky.withVanishingCount(0).withAsteroidCount(0);
        return (catalogue, raDeg, decDeg, radiusDeg) -> of(starsOnly.renderAt(raDeg, decDeg, PROBE_SIZE_ARCMIN,
                SyntheticSky.nearestPlate(raDeg, decDeg).plateId())).cone(catalogue, raDeg, decDeg, radiusDeg);
    }

    /** Size of the cut-out rendered only to reach the sky's catalogues around a cone centre. */
    private static final double PROBE_SIZE_ARCMIN = 1.0;

    /** A {@link ConeSource} answering from the sky around {@code tile}. */
    public static ConeSource of(SkyTile tile) {
        Objects.requireNonNull(tile, "tile");
        return (catalogue, raDeg, decDeg, radiusDeg) -> {
            double offsetArcmin = SkyGeometry.separationDeg(tile.centreRaDeg(), tile.centreDecDeg(), raDeg, decDeg) * 60.0;
            double reach = Math.min(SkyTile.MAX_NEIGHBOURHOOD_RADIUS_ARCMIN, offsetArcmin + radiusDeg * 60.0 + 0.05);
            CatalogueNeighbourhood around = tile.neighbourhood(catalogue, reach);
            int ra = catalogue.columns().indexOf("ra");
            int dec = catalogue.columns().indexOf("dec");
            List<String[]> rows = new ArrayList<>();
            for (String[] row : around.rows()) {
                if (SkyGeometry.separationDeg(raDeg, decDeg, Double.parseDouble(row[ra]), Double.parseDouble(row[dec])) <= radiusDeg) {
                    rows.add(row);
                }
            }
            return rows;
        };
    }
}
