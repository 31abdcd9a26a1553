package org.vasco.common.psf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.tile.TileId;

/**
 * The positional part of S0M's PSF reference selection (SPEC §9.2): a detection, placed by its windowed
 * position (ALPHAWIN/DELTAWIN_J2000), can be a PSF reference star of its tile when it lies inside the 30′
 * circle around the tile centre and within 3″ of a Gaia DR3 star with 12 &lt; G &lt; 18 at catalogue epoch (the
 * reference matches PSF stars to unpropagated Gaia positions). FLAGS and ELONGATION, the rest of the selection,
 * need measured columns and are the morphology stage's.
 *
 * <p>Both the morphology stage and the fast path's xmatch step decide with this class, so the fast path
 * measures exactly the objects the selection can pick, whatever the geometry's floating-point details.
 * Immutable and thread-safe.
 */
public final class PsfStarPositions {

    /**
     * The reference builds the PSF set from the circle-cut pass-2 catalogue, and its release ran with a 30′
     * circle (SPEC §6.2); the PSF medians follow the release's region whatever the xmatch step's cut.
     */
    public static final double CIRCLE_ARCMIN = 30.0;
    /** Largest detection–Gaia separation of a PSF star, arcsec. */
    public static final double MATCH_ARCSEC = 3.0;
    /** Gaia G must lie strictly between these magnitudes. */
    public static final double G_BRIGHT = 12.0;
    public static final double G_FAINT = 18.0;

    /**
     * A Gaia DR3 star.
     *
     * @param raDeg  catalogue-epoch position
     * @param decDeg idem
     * @param gmag   phot_g_mean_mag (NaN without one)
     */
    public record GaiaStar(double raDeg, double decDeg, double gmag) {
    }

    private final GaiaStarIndex stars;

    /**
     * The predicate for a tile's Gaia neighbourhood.
     *
     * @param gaia the tile's Gaia stars; those outside 12 &lt; G &lt; 18 or without a position are ignored
     */
    public PsfStarPositions(Collection<GaiaStar> gaia) {
        this.stars = new GaiaStarIndex(gaia, G_BRIGHT, G_FAINT);
    }

    /**
     * The stars of a Gaia neighbourhood with a numeric position and G (cells parsed by
     * {@link CatalogueNeighbourhood#value}: empty or non-numeric text is NaN and the star is left out).
     */
    public static List<GaiaStar> gaiaStars(CatalogueNeighbourhood gaia) {
        if (gaia.catalogue() != Catalogue.GAIA) {
            throw new IllegalArgumentException("PSF stars are matched to Gaia DR3, not " + gaia.catalogue().label());
        }
        int ra = gaia.column("ra");
        int dec = gaia.column("dec");
        int g = gaia.column("Gmag");
        List<GaiaStar> stars = new ArrayList<>(gaia.size());
        for (int row = 0; row < gaia.size(); row++) {
            GaiaStar star = new GaiaStar(gaia.value(row, ra), gaia.value(row, dec), gaia.value(row, g));
            if (Double.isFinite(star.raDeg()) && Double.isFinite(star.decDeg()) && Double.isFinite(star.gmag())) {
                stars.add(star);
            }
        }
        return stars;
    }

    /**
     * True when a detection of {@code tile} at this windowed position can be a PSF reference star: inside the
     * tile's circle and near a Gaia star.
     */
    public boolean admits(TileId tile, double raDeg, double decDeg) {
        return insideCircle(tile, raDeg, decDeg) && nearGaiaStar(raDeg, decDeg);
    }

    /** True when the position is finite and at most {@link #CIRCLE_ARCMIN} from the tile's centre. */
    public static boolean insideCircle(TileId tile, double raDeg, double decDeg) {
        return Double.isFinite(raDeg) && Double.isFinite(decDeg)
                && SkyGeometry.separationDeg(tile.raDeg(), tile.decDeg(), raDeg, decDeg) * 60.0 <= CIRCLE_ARCMIN;
    }

    /** True when a Gaia star with 12 &lt; G &lt; 18 lies within {@link #MATCH_ARCSEC} of the position. */
    public boolean nearGaiaStar(double raDeg, double decDeg) {
        return stars.anyWithin(raDeg, decDeg, MATCH_ARCSEC);
    }
}
