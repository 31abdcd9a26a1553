package org.vasco.xmatch.catalog;

import org.vasco.common.catalog.Catalogue;

/**
 * How far around a tile centre each neighbourhood reaches.
 *
 * <p>VizieR catalogues (Gaia, PS1, USNO-B): half the tile diagonal plus a 3′ margin, size·√2/2 + 3′ =
 * 45.43′ for 60′ tiles (SPEC §6.1). The diagonal covers every detection of the square tile, whether or
 * not the 30′ circular cut (SPEC §6.2, environment-controlled in the reference) is applied, and the
 * margin keeps each detection's whole 5″ veto cone inside the neighbourhood after WCSFIX shifts and
 * after propagating catalogue positions to the plate epoch (3′ over ~66 years allows 2.7″/yr).
 *
 * <p>PS1 gets the same radius. The reference capped it at 0.5° = 30′ (SPEC §6.3, §12 list): that is
 * exactly the 30′ circle with no margin, so a detection 29.95′ from the centre has part of its 5″ cone
 * outside the PS1 neighbourhood, and without the circle the tile corners (up to 42.4′) had no PS1 veto at
 * all. PS1's larger row counts are handled by splitting capped cones, not by shrinking the radius.
 *
 * <p>Bright stars (MAST): 0.75° = 45′ as in SPEC §6.8, enough for the 90″ spike gate around a corner
 * detection (42.43′ + 1.5′ = 43.93′).
 *
 * @param tileSizeArcmin side of the square tile
 */
public record NeighbourhoodRadius(double tileSizeArcmin) {

    public static final double MARGIN_ARCMIN = 3.0;
    public static final double BRIGHT_STAR_RADIUS_DEG = 0.75;

    public NeighbourhoodRadius {
        if (!(tileSizeArcmin > 0) || tileSizeArcmin > 600) {
            throw new IllegalArgumentException("tile size must be in (0, 600] arcmin, found " + tileSizeArcmin);
        }
    }

    /** Cone radius in arcminutes for a catalogue. */
    public double arcmin(Catalogue catalogue) {
        return switch (catalogue) {
            case GAIA, PS1, USNOB -> tileSizeArcmin * Math.sqrt(2.0) / 2.0 + MARGIN_ARCMIN;
            case PS1_BRIGHT -> BRIGHT_STAR_RADIUS_DEG * 60.0;
        };
    }

    public double degrees(Catalogue catalogue) {
        return arcmin(catalogue) / 60.0;
    }
}
