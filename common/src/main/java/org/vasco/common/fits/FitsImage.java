package org.vasco.common.fits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;

/**
 * The first two-dimensional image of a FITS file, as SExtractor will see it: which HDU, its size
 * and its header. {@link #inspect} is the check made before any tool is started, so that a file
 * that is not FITS, or FITS without an image, fails with a clear message rather than a tool's
 * error.
 *
 * @param file     the file inspected
 * @param hdu      0-based index of the image HDU (0 = primary)
 * @param width    NAXIS1, pixels
 * @param height   NAXIS2, pixels
 * @param bitpix   BITPIX of the image
 * @param header   the image HDU's header (a copy owned by this value; do not modify)
 */
public record FitsImage(Path file, int hdu, int width, int height, int bitpix, Header header) {

    private static final byte[] FITS_SIGNATURE = "SIMPLE  =".getBytes(StandardCharsets.US_ASCII);

    /** Image area in megapixels (10⁶ pixels). */
    public double megapixels() {
        return (double) width * height / 1e6;
    }

    /**
     * Reads the headers of {@code file} and returns its first image with two or more axes.
     *
     * @throws FitsFormatException when the file is missing, empty, not FITS, truncated, or holds no image
     */
    public static FitsImage inspect(Path file) throws FitsFormatException {
        FitsLibrary.configure();
        requireFitsSignature(file);
        try (Fits fits = new Fits(file.toFile())) {
            int index = 0;
            for (BasicHDU<?> hdu = fits.readHDU(); hdu != null; hdu = fits.readHDU(), index++) {
                if (hdu instanceof ImageHDU image) {
                    int[] axes = image.getAxes();
                    if (axes != null && axes.length >= 2 && axes[0] > 0 && axes[1] > 0) {
                        // nom-tam lists axes slowest first: [NAXIS2, NAXIS1].
                        int width = axes[axes.length - 1];
                        int height = axes[axes.length - 2];
                        requireCompleteData(file, image, axes);
                        return new FitsImage(file, index, width, height, image.getBitPix(), image.getHeader());
                    }
                }
            }
            throw new FitsFormatException(file, "FITS file holds no image (no HDU with NAXIS >= 2); "
                    + "expected a plate cut-out such as a DSS POSS-I E image");
        } catch (IOException | RuntimeException e) {
            throw new FitsFormatException(file, "not a readable FITS file (" + e.getMessage()
                    + "); expected a FITS image such as a DSS POSS-I E cut-out", e);
        }
    }

    /** nom-tam reads image data lazily and only warns about a short file; a truncated download must fail here. */
    private static void requireCompleteData(Path file, ImageHDU image, int[] axes) throws FitsFormatException, IOException {
        long offset = image.getData().getFileOffset();
        if (offset < 0) {
            return;
        }
        long bytes = Math.abs((long) image.getBitPix()) / 8;
        for (int axis : axes) {
            bytes *= axis;
        }
        long size = Files.size(file);
        if (offset + bytes > size) {
            throw new FitsFormatException(file, "truncated FITS image: its " + axes[axes.length - 1] + "x" + axes[axes.length - 2]
                    + " pixels need " + (offset + bytes) + " bytes, the file has " + size + " (an interrupted download?)");
        }
    }

    /** True when {@code bytes} begin as every FITS file does ({@code SIMPLE  =}): a first check of a reply or a file. */
    public static boolean startsLikeFits(byte[] bytes) {
        return bytes.length >= FITS_SIGNATURE.length
                && java.util.Arrays.equals(bytes, 0, FITS_SIGNATURE.length, FITS_SIGNATURE, 0, FITS_SIGNATURE.length);
    }

    private static void requireFitsSignature(Path file) throws FitsFormatException {
        if (!Files.isRegularFile(file)) {
            throw new FitsFormatException(file, "no such file");
        }
        byte[] start = new byte[FITS_SIGNATURE.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(start, 0, start.length);
        } catch (IOException e) {
            throw new FitsFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (read < start.length || !startsLikeFits(start)) {
            throw new FitsFormatException(file, read == 0 ? "file is empty; expected a FITS image"
                    : "not a FITS file (it does not start with 'SIMPLE  ='); expected a FITS image such as a DSS cut-out");
        }
    }
}
