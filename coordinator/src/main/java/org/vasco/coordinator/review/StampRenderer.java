package org.vasco.coordinator.review;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import org.vasco.common.sky.AstrometryHeaderException;
import org.vasco.common.sky.PixelPosition;
import org.vasco.common.sky.PlateAstrometry;
import org.vasco.common.storage.AmbiguousRawImageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.storage.TileArtefacts;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.api.ApiException;

/**
 * Cuts a candidate's image stamp from its tile's raw FITS ({@code tiles/<tile_id>/raw/*.fits}) and renders it as
 * a PNG: {@code stampArcmin} on a side around the position (located with the header's astrometry,
 * {@link PlateAstrometry.Solution#AUTO}), zscale-stretched grey, drawn with FITS y upwards (as ds9 shows it), a
 * red crosshair with an open centre on the position, and pixels beyond the image's edge in a dark blue. Only the
 * stamp's rows are read from the file, so a 60′ tile costs no more than a 10′ one. Thread-safe.
 */
public final class StampRenderer {

    /** Colour of the crosshair (RGB). */
    static final int CROSSHAIR_RGB = 0xFF3C3C;
    /** Colour of stamp pixels that fall outside the tile image. */
    static final int OFF_IMAGE_RGB = 0x1E1E3C;

    private final ArtefactStore store;
    private final double stampArcmin;
    private final int stampPixels;

    public StampRenderer(ArtefactStore store, double stampArcmin, int stampPixels) {
        this.store = store;
        this.stampArcmin = stampArcmin;
        this.stampPixels = stampPixels;
    }

    /** Side of the PNG, pixels. */
    public int stampPixels() {
        return stampPixels;
    }

    /**
     * The PNG stamp around (raDeg, decDeg) on the tile's raw image.
     *
     * @throws ApiException 404 when the tile has no raw FITS or the position lies wholly off its image; 500 when
     *                      the file is not a 2-D FITS image or its header has no usable astrometry
     * @throws IOException  when the file cannot be read
     */
    public byte[] render(TileId tile, double raDeg, double decDeg) throws ApiException, IOException {
        Path file = rawFits(tile);
        String source = store.root().relativize(file).toString();
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?> hdu = fits.getHDU(0);
            if (!(hdu instanceof ImageHDU image) || image.getAxes() == null || image.getAxes().length != 2) {
                throw new ApiException(500, source + " is not a 2-D FITS image");
            }
            Header header = image.getHeader();
            PlateAstrometry astrometry;
            try {
                astrometry = PlateAstrometry.of(header, source, PlateAstrometry.Solution.AUTO);
            } catch (AstrometryHeaderException e) {
                throw new ApiException(500, "Cannot place the stamp: " + e.getMessage());
            }
            PixelPosition centre;
            try {
                centre = astrometry.skyToPixel(raDeg, decDeg);
            } catch (IllegalArgumentException e) {
                throw ApiException.notFound("The candidate's position is not on " + source + ": " + e.getMessage());
            }
            double half = stampArcmin * 60.0 / astrometry.pixelScaleArcsec() / 2.0;
            int[] axes = image.getAxes(); // {NAXIS2, NAXIS1}
            Region region = Region.around(centre, half, axes[1], axes[0]);
            if (region == null) {
                throw ApiException.notFound("The candidate's position lies outside " + source);
            }
            double[] values = readRegion(image, header, region);
            return png(draw(values, region, centre, half));
        } catch (FitsException e) {
            throw new IOException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private Path rawFits(TileId tile) throws ApiException, IOException {
        TileArtefacts artefacts = store.artefacts(tile);
        try {
            return artefacts.rawImage().orElseThrow(() -> ApiException.notFound("Tile " + tile + " has no raw FITS under "
                    + store.root().relativize(artefacts.area(TileArea.RAW)) + "/ in the storage"));
        } catch (AmbiguousRawImageException e) {
            // A tile has one raw cut-out; should a re-download leave another beside it, the choice stays stable.
            return e.images().get(0);
        }
    }

    /** The region's physical values (BSCALE·raw + BZERO, BLANK as NaN), row-major from its lowest row. */
    private static double[] readRegion(ImageHDU image, Header header, Region region) throws IOException {
        Object raw = image.getTiler().getTile(new int[] {region.y0 - 1, region.x0 - 1}, new int[] {region.height, region.width});
        double scale = header.getDoubleValue("BSCALE", 1.0);
        double zero = header.getDoubleValue("BZERO", 0.0);
        boolean hasBlank = header.containsKey("BLANK") && header.getIntValue("BITPIX", 16) > 0;
        long blank = hasBlank ? header.getLongValue("BLANK") : 0;
        int n = Array.getLength(raw);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            Number v = (Number) Array.get(raw, i);
            boolean isBlank = hasBlank && !(v instanceof Float || v instanceof Double) && v.longValue() == blank;
            values[i] = isBlank ? Double.NaN : v.doubleValue() * scale + zero;
        }
        return values;
    }

    private BufferedImage draw(double[] values, Region region, PixelPosition centre, double half) {
        double[] limits = ZScale.limits(values);
        double span = limits[1] - limits[0];
        int out = stampPixels;
        BufferedImage img = new BufferedImage(out, out, BufferedImage.TYPE_INT_RGB);
        double step = 2 * half / out;
        for (int v = 0; v < out; v++) {
            // Output rows go down the screen, FITS rows up: the top row is the stamp's highest y.
            long iy = Math.round(centre.y() + half - (v + 0.5) * step);
            for (int u = 0; u < out; u++) {
                long ix = Math.round(centre.x() - half + (u + 0.5) * step);
                double value = region.contains(ix, iy) ? values[region.index(ix, iy)] : Double.NaN;
                int rgb;
                if (Double.isNaN(value)) {
                    rgb = OFF_IMAGE_RGB;
                } else {
                    int grey = (int) Math.round(255 * Math.max(0, Math.min(1, (value - limits[0]) / span)));
                    rgb = grey << 16 | grey << 8 | grey;
                }
                img.setRGB(u, v, rgb);
            }
        }
        drawCrosshair(img);
        return img;
    }

    /**
     * Four arms, two pixels wide, from out/16 to out/4 of the side away from the centre: the position itself stays
     * uncovered. The centre lies between pixels out/2 − 1 and out/2, so the arms straddle it.
     */
    private static void drawCrosshair(BufferedImage img) {
        int out = img.getWidth();
        int c = out / 2;
        int gap = Math.max(2, out / 16);
        int arm = Math.max(gap + 2, out / 4);
        for (int d = gap; d < arm; d++) {
            for (int w = c - 1; w <= c; w++) {
                img.setRGB(c + d, w, CROSSHAIR_RGB);
                img.setRGB(c - 1 - d, w, CROSSHAIR_RGB);
                img.setRGB(w, c + d, CROSSHAIR_RGB);
                img.setRGB(w, c - 1 - d, CROSSHAIR_RGB);
            }
        }
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("This JVM has no PNG writer");
        }
        return bytes.toByteArray();
    }

    /** A rectangle of image pixels, FITS 1-based and inclusive of x0/y0. */
    private record Region(int x0, int y0, int width, int height) {

        /** The pixels within {@code half} of the centre, clipped to the image; null when none remain. */
        static Region around(PixelPosition centre, double half, int naxis1, int naxis2) {
            long x0 = Math.max(1, Math.round(centre.x() - half) - 1);
            long x1 = Math.min(naxis1, Math.round(centre.x() + half) + 1);
            long y0 = Math.max(1, Math.round(centre.y() - half) - 1);
            long y1 = Math.min(naxis2, Math.round(centre.y() + half) + 1);
            if (x1 < x0 || y1 < y0) {
                return null;
            }
            return new Region((int) x0, (int) y0, (int) (x1 - x0 + 1), (int) (y1 - y0 + 1));
        }

        boolean contains(long x, long y) {
            return x >= x0 && x < x0 + width && y >= y0 && y < y0 + height;
        }

        int index(long x, long y) {
            return (int) ((y - y0) * width + (x - x0));
        }
    }
}
