package org.vasco.common.sky;

/**
 * A position on an image in FITS pixel coordinates: 1-based, the centre of the first pixel is
 * (1, 1) — the convention of SExtractor's X_IMAGE/Y_IMAGE and of WCSTools' xy2sky.
 */
public record PixelPosition(double x, double y) {

    public PixelPosition {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("Not a pixel position: (" + x + ", " + y + ")");
        }
    }
}
