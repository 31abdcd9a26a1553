package org.vasco.common.sky;

/**
 * One astrometric solution of an image: FITS 1-based pixel ↔ sky. Implementations are immutable
 * and thread-safe.
 */
interface PlateSolution {

    SkyPosition pixelToSky(double x, double y);

    /**
     * @throws IllegalArgumentException when the position cannot be placed on this image's plane
     *                                  (90° or more from the tangent point, or beyond the model)
     */
    PixelPosition skyToPixel(double raDeg, double decDeg);

    /** The local pixel scale at a pixel, arcseconds per pixel (square root of the Jacobian's area). */
    double pixelScaleArcsec(double x, double y);
}
