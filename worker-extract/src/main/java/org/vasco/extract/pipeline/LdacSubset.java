package org.vasco.extract.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.vasco.common.fits.FitsFormatException;
import org.vasco.common.fits.FitsLibrary;
import org.vasco.common.fits.LdacCatalogue;

/**
 * Copies a FITS_LDAC catalogue keeping only the objects of given NUMBERs: the image header HDU and every
 * column as SExtractor wrote them (rows are dropped, values are not converted), so a kept row is bit for bit
 * the source's. Used by the measure step's fallback, which measures the whole tile with pass 2 and keeps the
 * survivors.
 */
final class LdacSubset {

    private LdacSubset() {
    }

    /**
     * Writes {@code target} with the rows of {@code source} whose NUMBER is in {@code numbers}, in source order.
     *
     * @return the number of rows kept
     * @throws FitsFormatException when {@code source} is not a FITS_LDAC catalogue with a NUMBER column
     * @throws IOException         when {@code target} cannot be written
     */
    static int keep(Path source, Path target, Set<Integer> numbers) throws FitsFormatException, IOException {
        FitsLibrary.configure();
        try (Fits in = new Fits(source.toFile())) {
            BasicHDU<?>[] hdus = in.read();
            if (hdus.length < 3 || !(hdus[2] instanceof BinaryTableHDU objects)
                    || !LdacCatalogue.OBJECTS_EXTNAME.equals(hdus[2].getHeader().getStringValue("EXTNAME"))) {
                throw new FitsFormatException(source, "not a FITS_LDAC catalogue: expected " + LdacCatalogue.OBJECTS_EXTNAME + " as HDU 2");
            }
            int column = objects.findColumn("NUMBER");
            if (column < 0) {
                throw new FitsFormatException(source, "no NUMBER column in " + LdacCatalogue.OBJECTS_EXTNAME);
            }
            int rows = objects.getHeader().getIntValue("NAXIS2", 0);
            boolean[] kept = new boolean[rows];
            int keptCount = 0;
            for (int row = 0; row < rows; row++) {
                Object cell = objects.getData().getElement(row, column);
                kept[row] = numbers.contains((cell instanceof Number n ? n : firstOf(cell)).intValue());
                keptCount += kept[row] ? 1 : 0;
            }
            // Deleted from the end, a run of dropped rows at a time, so earlier row indices stay valid.
            for (int row = rows - 1; row >= 0; ) {
                if (kept[row]) {
                    row--;
                    continue;
                }
                int last = row;
                while (row >= 0 && !kept[row]) {
                    row--;
                }
                objects.deleteRows(row + 1, last - row);
            }
            try (Fits out = new Fits()) {
                for (BasicHDU<?> hdu : hdus) {
                    out.addHDU(hdu);
                }
                out.write(target.toFile());
            }
            return keptCount;
        } catch (RuntimeException e) {
            throw new FitsFormatException(source, "cannot copy the selected rows to " + target + ": " + e.getMessage(), e);
        }
    }

    private static Number firstOf(Object cell) {
        if (cell != null && cell.getClass().isArray() && java.lang.reflect.Array.getLength(cell) > 0) {
            Object first = java.lang.reflect.Array.get(cell, 0);
            if (first instanceof Number n) {
                return n;
            }
        }
        throw new IllegalArgumentException("NUMBER cell is " + cell + ", not a number");
    }
}
