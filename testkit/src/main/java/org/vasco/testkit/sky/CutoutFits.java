package org.vasco.testkit.sky;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.ImageData;
import nom.tam.fits.ImageHDU;
import nom.tam.util.FitsOutputStream;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateEpoch;

/**
 * Serialises a developed cut-out as a 16-bit FITS file the way DSS serves it: signed shorts with
 * BZERO = 32768 for the unsigned 0…65535 values, header from {@link CutoutHeader}. Writing has no
 * dependence on the clock or the environment, so equal images give equal bytes.
 */
final class CutoutFits {

    private CutoutFits() {
    }

    static byte[] write(int[] pixels, CutoutWcs wcs, Plate plate, PlateEpoch epoch, WcsHeaders solutions) {
        int n = wcs.naxis();
        short[][] data = new short[n][n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                data[y][x] = (short) (pixels[y * n + x] - 32768);
            }
        }
        try {
            ImageHDU hdu = ImageData.from(data).toHDU();
            CutoutHeader.write(hdu.getHeader(), wcs, plate, epoch, solutions);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(n * n * 2 + 2880 * 4);
            try (Fits fits = new Fits(); FitsOutputStream out = new FitsOutputStream(bytes)) {
                fits.addHDU(hdu);
                fits.write(out);
            }
            return bytes.toByteArray();
        } catch (FitsException e) {
            throw new IllegalStateException("Cannot build the FITS cut-out for plate " + plate.plateId() + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialise the FITS cut-out for plate " + plate.plateId(), e);
        }
    }
}
