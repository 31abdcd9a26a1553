package org.vasco.veto.shape;

import java.io.IOException;
import java.nio.file.Path;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;

/** Reads a tile's primary image with nom-tam-fits into physical values (BZERO/BSCALE applied) and its pixel scale. */
public final class FitsTileImage {

    private FitsTileImage() {
    }

    /**
     * The image and its pixel scale in arcsec/px (from the CD matrix, else CDELT, else PLTSCALE × XPIXELSZ).
     *
     * @throws IOException when the file is not a FITS image or has no usable scale
     */
    public static Loaded read(Path file) throws IOException {
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?> hdu = fits.readHDU();
            if (!(hdu instanceof ImageHDU image) || image.getAxes() == null || image.getAxes().length != 2) {
                throw new IOException(file + " has no 2-D primary image");
            }
            int[] axes = image.getAxes();
            int height = axes[0];
            int width = axes[1];
            Header h = image.getHeader();
            double bzero = h.getDoubleValue("BZERO", 0.0);
            double bscale = h.getDoubleValue("BSCALE", 1.0);
            Object kernel = image.getKernel();
            double[] data = new double[width * height];
            for (int y = 0; y < height; y++) {
                Object row = java.lang.reflect.Array.get(kernel, y);
                for (int x = 0; x < width; x++) {
                    data[y * width + x] = bzero + bscale * ((Number) java.lang.reflect.Array.get(row, x)).doubleValue();
                }
            }
            return new Loaded(new PixelImage(width, height, data), scale(h, file));
        } catch (FitsException e) {
            throw new IOException(file + " is not a readable FITS image: " + e.getMessage(), e);
        }
    }

    private static double scale(Header h, Path file) throws IOException {
        if (h.containsKey("CD1_1")) {
            double det = h.getDoubleValue("CD1_1") * h.getDoubleValue("CD2_2", 0)
                    - h.getDoubleValue("CD1_2", 0) * h.getDoubleValue("CD2_1", 0);
            return Math.sqrt(Math.abs(det)) * 3600.0;
        }
        if (h.containsKey("CDELT1") && h.containsKey("CDELT2")) {
            return Math.sqrt(Math.abs(h.getDoubleValue("CDELT1") * h.getDoubleValue("CDELT2"))) * 3600.0;
        }
        if (h.containsKey("PLTSCALE") && h.containsKey("XPIXELSZ")) {
            return h.getDoubleValue("PLTSCALE") * h.getDoubleValue("XPIXELSZ") / 1000.0;
        }
        throw new IOException(file + " has no pixel scale (CD matrix, CDELT or PLTSCALE/XPIXELSZ)");
    }

    /**
     * A read image.
     *
     * @param pixels           physical values
     * @param pixelScaleArcsec arcsec per pixel
     */
    public record Loaded(PixelImage pixels, double pixelScaleArcsec) {
    }
}
