package org.vasco.veto.shape;

import java.util.Objects;

/**
 * A 2-D image in physical units, row-major, 0-based pixel indices with pixel centres on integers
 * (numpy/photutils convention): value at (x, y) is {@code data[y * width + x]}. Immutable by convention:
 * operations return new images.
 */
public record PixelImage(int width, int height, double[] data) {

    public PixelImage {
        Objects.requireNonNull(data, "data");
        if (width < 1 || height < 1 || data.length != (long) width * height) {
            throw new IllegalArgumentException("image of " + width + "x" + height + " needs " + ((long) width * height)
                    + " values, got " + data.length);
        }
    }

    public double get(int x, int y) {
        return data[y * width + x];
    }

    public boolean contains(int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height;
    }

    /**
     * The part of the image in the box {@code [x0, x0+w) × [y0, y0+h)}, trimmed to the image (astropy
     * {@code Cutout2D} mode "trim"); {@code origin} gives where the cut-out starts in this image.
     */
    public Cutout cutout(int x0, int y0, int w, int h) {
        int xs = Math.max(0, x0);
        int ys = Math.max(0, y0);
        int xe = Math.min(width, x0 + w);
        int ye = Math.min(height, y0 + h);
        if (xe <= xs || ye <= ys) {
            throw new IllegalArgumentException("cut-out at (" + x0 + ", " + y0 + ") size " + w + "x" + h
                    + " lies outside the " + width + "x" + height + " image");
        }
        double[] out = new double[(xe - xs) * (ye - ys)];
        for (int y = ys; y < ye; y++) {
            System.arraycopy(data, y * width + xs, out, (y - ys) * (xe - xs), xe - xs);
        }
        return new Cutout(new PixelImage(xe - xs, ye - ys, out), xs, ys);
    }

    /**
     * A cut-out of an odd or even size centred on a (sub)pixel position, as astropy's {@code Cutout2D} places it:
     * the first pixel is {@code ceil(position − size/2)}.
     */
    public Cutout cutoutAround(double x, double y, int size) {
        return cutout((int) Math.ceil(x - size / 2.0), (int) Math.ceil(y - size / 2.0), size, size);
    }

    /**
     * A cut-out and where it starts.
     *
     * @param image   the pixels
     * @param originX x of the cut-out's first column in the parent image
     * @param originY y of its first row
     */
    public record Cutout(PixelImage image, int originX, int originY) {
    }
}
