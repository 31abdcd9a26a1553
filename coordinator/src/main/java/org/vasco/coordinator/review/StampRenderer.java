package org.vasco.coordinator.review;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.sky.AstrometryHeaderException;
import org.vasco.common.sky.PixelPosition;
import org.vasco.common.sky.PlateAstrometry;
import org.vasco.common.sky.TanProjection;
import org.vasco.common.storage.AmbiguousRawImageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.storage.TileArtefacts;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.api.ApiException;

/**
 * Renders a candidate's image stamp as a PNG from a FITS image: the POSS-I plate (the tile's raw FITS,
 * {@code tiles/<tile_id>/raw/*.fits}) or its modern-epoch cut-out. The stamp is {@code stampArcmin} on a side around
 * the position, resampled (nearest pixel) into one frame for every image: north up, east left, the same arcseconds
 * per screen pixel, located with the header's astrometry ({@link PlateAstrometry.Solution#AUTO}), so two epochs of
 * the field line up pixel for pixel and can be blinked. Zscale-stretched grey; catalogue sources drawn as circles
 * ({@link SkyMark}, placed for the image's own DATE-OBS by the caller's {@link MarksAtEpoch}); a red crosshair with an
 * open centre on the position; pixels beyond the image's edge in a dark blue. Only the stamp's rows are read from the
 * file, so a 60′ tile costs no more than a 10′ one. Thread-safe.
 */
public final class StampRenderer {

    /** Colour of the crosshair (RGB). */
    static final int CROSSHAIR_RGB = 0xFF3C3C;
    /** Colour of stamp pixels that fall outside the tile image. */
    static final int OFF_IMAGE_RGB = 0x1E1E3C;

    /** A circle on the sky to draw on a stamp. */
    public record SkyMark(double raDeg, double decDeg, double radiusArcsec, int rgb, boolean dashed) {
    }

    /** The marks to draw on an image of the given epoch (decimal year, NaN when the header has no DATE-OBS). */
    @FunctionalInterface
    public interface MarksAtEpoch {
        List<SkyMark> at(double epochYear) throws IOException;

        MarksAtEpoch NONE = epoch -> List.of();
    }

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

    /** The POSS-I stamp around (raDeg, decDeg) without marks, as {@link #render(TileId, double, double, MarksAtEpoch)}. */
    public byte[] render(TileId tile, double raDeg, double decDeg) throws ApiException, IOException {
        return render(tile, raDeg, decDeg, MarksAtEpoch.NONE);
    }

    /**
     * The PNG stamp around (raDeg, decDeg) on the tile's raw image.
     *
     * @throws ApiException 404 when the tile has no raw FITS or the position lies wholly off its image; 500 when
     *                      the file is not a 2-D FITS image or its header has no usable astrometry
     * @throws IOException  when the file cannot be read
     */
    public byte[] render(TileId tile, double raDeg, double decDeg, MarksAtEpoch marks) throws ApiException, IOException {
        return render(rawFits(tile), raDeg, decDeg, marks);
    }

    /**
     * The PNG stamp around (raDeg, decDeg) on any FITS image of the storage (its first HDU).
     *
     * @throws ApiException as {@link #render(TileId, double, double, MarksAtEpoch)}
     */
    public byte[] render(Path file, double raDeg, double decDeg, MarksAtEpoch marks) throws ApiException, IOException {
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
            Frame frame;
            try {
                frame = Frame.of(astrometry, raDeg, decDeg, stampArcmin * 60.0, stampPixels);
            } catch (IllegalArgumentException e) {
                throw ApiException.notFound("The candidate's position is not on " + source + ": " + e.getMessage());
            }
            int[] axes = image.getAxes(); // {NAXIS2, NAXIS1}
            Region region = frame.region(axes[1], axes[0]);
            if (region == null) {
                throw ApiException.notFound("The candidate's position lies outside " + source);
            }
            double[] values = readRegion(image, header, region);
            BufferedImage img = draw(values, region, frame);
            drawMarks(img, frame, marks.at(epochYear(header)));
            drawCrosshair(img);
            return png(img);
        } catch (FitsException e) {
            throw new IOException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** DATE-OBS as a decimal year; NaN when absent or unreadable (marks then stay at their catalogue epochs). */
    private static double epochYear(Header header) {
        try {
            return PlateEpoch.parse(header.getStringValue("DATE-OBS")).decimalYear();
        } catch (IllegalArgumentException e) {
            return Double.NaN;
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

    private BufferedImage draw(double[] values, Region region, Frame frame) {
        int out = stampPixels;
        double[] sampled = new double[out * out];
        for (int v = 0; v < out; v++) {
            for (int u = 0; u < out; u++) {
                double[] p = frame.imagePixel(u + 0.5, v + 0.5);
                long ix = Math.round(p[0]);
                long iy = Math.round(p[1]);
                sampled[v * out + u] = region.contains(ix, iy) ? values[region.index(ix, iy)] : Double.NaN;
            }
        }
        double[] limits = ZScale.limits(values);
        double span = limits[1] - limits[0];
        BufferedImage img = new BufferedImage(out, out, BufferedImage.TYPE_INT_RGB);
        for (int v = 0; v < out; v++) {
            for (int u = 0; u < out; u++) {
                double value = sampled[v * out + u];
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
        return img;
    }

    /** Circles of the marks inside the stamp (a catalogue's sources, the veto radius), 1.5 px wide, antialiased. */
    private static void drawMarks(BufferedImage img, Frame frame, List<SkyMark> marks) {
        if (marks.isEmpty()) {
            return;
        }
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            BasicStroke solid = new BasicStroke(1.5f);
            BasicStroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);
            for (SkyMark m : marks) {
                double[] c = frame.screen(m.raDeg(), m.decDeg());
                double r = m.radiusArcsec() / frame.arcsecPerPixel();
                if (c == null || c[0] < -r || c[1] < -r || c[0] > img.getWidth() + r || c[1] > img.getHeight() + r) {
                    continue;
                }
                g.setColor(new Color(m.rgb()));
                g.setStroke(m.dashed() ? dashed : solid);
                g.draw(new Ellipse2D.Double(c[0] - r, c[1] - r, 2 * r, 2 * r));
            }
        } finally {
            g.dispose();
        }
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

    /** The pages' icon: the stamps' crosshair on their off-image blue, 32 px. */
    static byte[] icon() throws IOException {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int v = 0; v < 32; v++) {
            for (int u = 0; u < 32; u++) {
                img.setRGB(u, v, OFF_IMAGE_RGB);
            }
        }
        drawCrosshair(img);
        return png(img);
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("This JVM has no PNG writer");
        }
        return bytes.toByteArray();
    }

    /**
     * The stamp's frame: screen pixel (u, v) from the top left, u growing west and v south, to the image's FITS
     * pixels. Over a stamp of a few arcminutes the astrometry is linear to far below a pixel, so the map is the
     * tangent plane at the position carried by the astrometry's local Jacobian (central differences over the stamp).
     */
    private record Frame(TanProjection tangent, PixelPosition centre, double[] jacobian, double arcsecPerPixel, int out) {

        static Frame of(PlateAstrometry astrometry, double raDeg, double decDeg, double sideArcsec, int out) {
            TanProjection tangent = new TanProjection(raDeg, decDeg);
            double d = sideArcsec / 2.0 / 3600.0;
            PixelPosition centre = astrometry.skyToPixel(raDeg, decDeg);
            PixelPosition east = pixel(astrometry, tangent, d, 0);
            PixelPosition west = pixel(astrometry, tangent, -d, 0);
            PixelPosition north = pixel(astrometry, tangent, 0, d);
            PixelPosition south = pixel(astrometry, tangent, 0, -d);
            // image pixels per degree of xi (east) and eta (north)
            double[] j = {(east.x() - west.x()) / (2 * d), (north.x() - south.x()) / (2 * d),
                (east.y() - west.y()) / (2 * d), (north.y() - south.y()) / (2 * d)};
            return new Frame(tangent, centre, j, sideArcsec / out, out);
        }

        private static PixelPosition pixel(PlateAstrometry astrometry, TanProjection tangent, double xi, double eta) {
            double[] sky = tangent.deproject(xi, eta);
            return astrometry.skyToPixel(sky[0], sky[1]);
        }

        /** The FITS pixel {x, y} under screen position (u, v) (pixel centres at half-integers). */
        double[] imagePixel(double u, double v) {
            double xi = (out / 2.0 - u) * arcsecPerPixel / 3600.0;
            double eta = (out / 2.0 - v) * arcsecPerPixel / 3600.0;
            return new double[] {centre.x() + jacobian[0] * xi + jacobian[1] * eta,
                centre.y() + jacobian[2] * xi + jacobian[3] * eta};
        }

        /** The screen position {u, v} of a sky position, or null when it is not in front of the tangent plane. */
        double[] screen(double raDeg, double decDeg) {
            double[] std;
            try {
                std = tangent.project(raDeg, decDeg);
            } catch (IllegalArgumentException e) {
                return null;
            }
            return new double[] {out / 2.0 - std[0] * 3600.0 / arcsecPerPixel, out / 2.0 - std[1] * 3600.0 / arcsecPerPixel};
        }

        /** The image pixels under the stamp (its corners' bounding box and a pixel more), clipped; null when none remain. */
        Region region(int naxis1, int naxis2) {
            double minX = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (double[] corner : new double[][] {imagePixel(0, 0), imagePixel(out, 0), imagePixel(0, out), imagePixel(out, out)}) {
                minX = Math.min(minX, corner[0]);
                maxX = Math.max(maxX, corner[0]);
                minY = Math.min(minY, corner[1]);
                maxY = Math.max(maxY, corner[1]);
            }
            long x0 = Math.max(1, Math.round(minX) - 1);
            long x1 = Math.min(naxis1, Math.round(maxX) + 1);
            long y0 = Math.max(1, Math.round(minY) - 1);
            long y1 = Math.min(naxis2, Math.round(maxY) + 1);
            if (x1 < x0 || y1 < y0) {
                return null;
            }
            return new Region((int) x0, (int) y0, (int) (x1 - x0 + 1), (int) (y1 - y0 + 1));
        }
    }

    /** A rectangle of image pixels, FITS 1-based and inclusive of x0/y0. */
    private record Region(int x0, int y0, int width, int height) {

        boolean contains(long x, long y) {
            return x >= x0 && x < x0 + width && y >= y0 && y < y0 + height;
        }

        int index(long x, long y) {
            return (int) ((y - y0) * width + (x - x0));
        }
    }
}
