package org.vasco.veto.stages;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.vasco.veto.shape.PixelImage;

/**
 * What S0S needs of a tile: its pixels and its pass-2 stars. The worker wiring reads the tile's FITS (see
 * {@link org.vasco.veto.shape.FitsTileImage}) and pass-2 catalogue.
 */
public interface TilePixels {

    /** The tile image, or empty when the tile's FITS file is missing. */
    Optional<TileImage> image(String tileId) throws IOException;

    /** The tile's pass-2 detections (neighbour candidates for the radial profile). */
    List<Star> stars(String tileId) throws IOException;

    /**
     * A tile's pixels.
     *
     * @param pixels            physical values (BZERO/BSCALE applied)
     * @param pixelScaleArcsec  arcsec per pixel, for the 8′ neighbourhood
     */
    record TileImage(PixelImage pixels, double pixelScaleArcsec) {
    }

    /**
     * A pass-2 detection.
     *
     * @param number   SExtractor NUMBER
     * @param xwin     XWIN_IMAGE, FITS 1-based
     * @param ywin     YWIN_IMAGE, FITS 1-based
     * @param flux     FLUX_AUTO (the reference takes the first of FLUX_MAX, FLUX_AUTO, FLUX_APER; pass 2 has FLUX_AUTO)
     * @param raDeg    ALPHAWIN_J2000 (the tile's astrometry)
     * @param decDeg   DELTAWIN_J2000
     */
    record Star(int number, double xwin, double ywin, double flux, double raDeg, double decDeg) {
    }
}
