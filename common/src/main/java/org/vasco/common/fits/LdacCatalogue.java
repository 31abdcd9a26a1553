package org.vasco.common.fits;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import org.vasco.common.detection.Detection;

/**
 * A SExtractor FITS_LDAC catalogue: HDU 1 {@code LDAC_IMHEAD} holds the measured image's header as
 * 80-character cards in one table cell, HDU 2 {@code LDAC_OBJECTS} the objects, one row each.
 * Columns are looked up by their TTYPE names; a parameter requested as {@code FLUX_APER(1)} is the
 * column {@code FLUX_APER} (element 0), and {@code VIGNET(45,45)} the vector column {@code VIGNET}.
 *
 * <p>The whole objects table is read into memory by {@link #read} (use {@link #objectCount} to count
 * the objects of a catalogue with VIGNETs); instances are immutable afterwards and safe to share
 * between threads.
 */
public final class LdacCatalogue {

    public static final String IMAGE_HEADER_EXTNAME = "LDAC_IMHEAD";
    public static final String OBJECTS_EXTNAME = "LDAC_OBJECTS";

    /**
     * The association column of the measure step's catalogue. When present, {@link #read} gives its value as
     * NUMBER, so every reader of that catalogue sees the position pass's numbers (the src_id), not SExtractor's
     * renumbering of the associated subset.
     */
    public static final String ASSOCIATED_NUMBER = "VECTOR_ASSOC";

    /** The position pass's columns (issue 10 item 1a); X/Y_WORLD are read when present. */
    public static final List<String> POSITION_COLUMNS = List.of("NUMBER", "X_IMAGE", "Y_IMAGE", "XWIN_IMAGE", "YWIN_IMAGE",
            "ALPHA_J2000", "DELTA_J2000", "ALPHAWIN_J2000", "DELTAWIN_J2000");

    private static final int CARD_LENGTH = 80;

    private final Path file;
    private final Header imageHeader;
    private final int rows;
    private final Map<String, Object> columns;

    private LdacCatalogue(Path file, Header imageHeader, int rows, Map<String, Object> columns) {
        this.file = file;
        this.imageHeader = imageHeader;
        this.rows = rows;
        this.columns = columns;
    }

    /**
     * Reads a FITS_LDAC catalogue.
     *
     * @throws FitsFormatException when the file is not FITS, or has no {@code LDAC_OBJECTS} table as HDU 2
     */
    public static LdacCatalogue read(Path file) throws FitsFormatException {
        FitsLibrary.configure();
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            if (hdus.length < 3 || !(hdus[2] instanceof BinaryTableHDU objectsHdu)
                    || !OBJECTS_EXTNAME.equals(hdus[2].getHeader().getStringValue("EXTNAME"))) {
                throw new FitsFormatException(file, "not a FITS_LDAC catalogue: expected a binary table "
                        + OBJECTS_EXTNAME + " as HDU 2, found " + hdus.length + " HDU(s)");
            }
            Header imageHeader = hdus[1] instanceof BinaryTableHDU imhead
                    && IMAGE_HEADER_EXTNAME.equals(imhead.getHeader().getStringValue("EXTNAME"))
                    ? imageHeaderOf(file, imhead.getData()) : new Header();
            BinaryTable table = objectsHdu.getData();
            // A catalogue without objects (NAXIS2 = 0) is valid; nom-tam has no column data to give for it.
            int rows = objectsHdu.getHeader().getIntValue("NAXIS2", 0);
            int fields = objectsHdu.getHeader().getIntValue("TFIELDS", 0);
            Map<String, Object> columns = new LinkedHashMap<>();
            for (int c = 0; c < fields; c++) {
                String name = objectsHdu.getHeader().getStringValue("TTYPE" + (c + 1));
                if (name != null) {
                    columns.put(name.trim(), rows == 0 ? new double[0] : table.getColumn(c));
                }
            }
            if (columns.containsKey(ASSOCIATED_NUMBER)) {
                columns.put("NUMBER", associatedNumbers(file, columns.get(ASSOCIATED_NUMBER), rows));
            }
            return new LdacCatalogue(file, imageHeader, rows, Collections.unmodifiableMap(columns));
        } catch (IOException | RuntimeException e) {
            throw new FitsFormatException(file, "cannot be read as a FITS_LDAC catalogue: " + e.getMessage(), e);
        }
    }

    /**
     * The numbers the measure step's ASSOC pass carried through {@code VECTOR_ASSOC(1)}: the position pass's
     * NUMBER of each listed object (SExtractor numbers its association output afresh, 1…n).
     */
    private static int[] associatedNumbers(Path file, Object column, int rows) throws FitsFormatException {
        int[] numbers = new int[rows];
        for (int row = 0; row < rows; row++) {
            double value = number(column, row, 0, ASSOCIATED_NUMBER);
            if (!(value >= 1 && value <= Integer.MAX_VALUE && value == Math.rint(value))) {
                throw new FitsFormatException(file, ASSOCIATED_NUMBER + " of row " + (row + 1) + " is " + value
                        + ", not the positive NUMBER of an associated object (was the ASSOC pass run with ASSOCSELEC_TYPE MATCHED"
                        + " and ASSOC_DATA naming the list's number column?)");
            }
            numbers[row] = (int) value;
        }
        return numbers;
    }

    /**
     * The number of objects, from the {@code LDAC_OBJECTS} header alone: a pass-1 catalogue carries a
     * 45×45 VIGNET per object (~8 kB each), which {@link #read} would load in full.
     *
     * @throws FitsFormatException when the file is not a FITS_LDAC catalogue
     */
    public static int objectCount(Path file) throws FitsFormatException {
        FitsLibrary.configure();
        try (Fits fits = new Fits(file.toFile())) {
            int index = 0;
            for (BasicHDU<?> hdu = fits.readHDU(); hdu != null; hdu = fits.readHDU(), index++) {
                if (index == 2 && OBJECTS_EXTNAME.equals(hdu.getHeader().getStringValue("EXTNAME"))) {
                    return hdu.getHeader().getIntValue("NAXIS2", 0);
                }
            }
            throw new FitsFormatException(file, "not a FITS_LDAC catalogue: expected a binary table "
                    + OBJECTS_EXTNAME + " as HDU 2, found " + index + " HDU(s)");
        } catch (IOException | RuntimeException e) {
            throw new FitsFormatException(file, "cannot be read as a FITS_LDAC catalogue: " + e.getMessage(), e);
        }
    }

    private static Header imageHeaderOf(Path file, BinaryTable imhead) throws FitsFormatException {
        if (imhead.getNRows() < 1 || imhead.getNCols() < 1) {
            return new Header();
        }
        Object cell = imhead.getElement(0, 0);
        String cards;
        if (cell instanceof String text) {
            cards = text;
        } else if (cell instanceof byte[] bytes) {
            cards = new String(bytes, StandardCharsets.US_ASCII);
        } else if (cell instanceof String[] parts) {
            cards = String.join("", parts);
        } else {
            throw new FitsFormatException(file, IMAGE_HEADER_EXTNAME + " cell is a "
                    + (cell == null ? "null" : cell.getClass().getSimpleName()) + ", expected 80-character cards");
        }
        Header header = new Header();
        for (int at = 0; at < cards.length(); at += CARD_LENGTH) {
            String card = cards.substring(at, Math.min(cards.length(), at + CARD_LENGTH));
            String key = card.length() >= 8 ? card.substring(0, 8).trim() : card.trim();
            if (key.equals("END")) {
                break;
            }
            if (card.isBlank() || key.isEmpty()) {
                continue;
            }
            header.addLine(HeaderCard.create(padded(card)));
        }
        return header;
    }

    private static String padded(String card) {
        return card.length() >= CARD_LENGTH ? card : card + " ".repeat(CARD_LENGTH - card.length());
    }

    /** The catalogue file. */
    public Path file() {
        return file;
    }

    /** The header of the image SExtractor measured (empty when the catalogue has no LDAC_IMHEAD). */
    public Header imageHeader() {
        return imageHeader;
    }

    /** Number of objects. */
    public int rowCount() {
        return rows;
    }

    /** TTYPE names of the objects table, in table order. */
    public Set<String> columnNames() {
        return columns.keySet();
    }

    public boolean hasColumn(String name) {
        return columns.containsKey(baseName(name));
    }

    /**
     * A numeric column as doubles. A vector column given as {@code NAME(k)} yields element k
     * (1-based, as in a SExtractor parameter file); given as {@code NAME}, element 1.
     *
     * @throws IllegalArgumentException when the column does not exist or is not numeric
     */
    public double[] doubles(String name) {
        Object column = column(name);
        int element = elementIndex(name);
        double[] values = new double[rows];
        for (int row = 0; row < rows; row++) {
            values[row] = number(column, row, element, name);
        }
        return values;
    }

    /** One value of a numeric column (see {@link #doubles} for vector columns). */
    public double value(String name, int row) {
        return number(column(name), row, elementIndex(name), name);
    }

    /** All elements of a vector column in one row, flattened (e.g. a 45×45 VIGNET as 2025 values). */
    public double[] vector(String name, int row) {
        Object cell = Array.get(column(name), row);
        List<Double> flat = new ArrayList<>();
        flatten(cell, flat);
        double[] values = new double[flat.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = flat.get(i);
        }
        return values;
    }

    /**
     * The objects as pass-2 detections (SPEC §5.4 columns), world coordinates as SExtractor wrote them.
     *
     * @throws FitsFormatException when a pass-2 column is missing
     */
    public List<Detection> detections() throws FitsFormatException {
        for (String required : DetectionColumns.ALL) {
            if (!hasColumn(required)) {
                throw new FitsFormatException(file, "no column " + required + " in " + OBJECTS_EXTNAME
                        + "; expected the pass-2 parameters of SPEC §5.4, found " + columnNames());
            }
        }
        List<Detection> detections = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            detections.add(new Detection(
                    (int) value("NUMBER", row), (int) value("FLAGS", row),
                    value("X_IMAGE", row), value("Y_IMAGE", row), value("XWIN_IMAGE", row), value("YWIN_IMAGE", row),
                    value("ELONGATION", row), value("FWHM_IMAGE", row),
                    (int) value("XMIN_IMAGE", row), (int) value("XMAX_IMAGE", row),
                    (int) value("YMIN_IMAGE", row), (int) value("YMAX_IMAGE", row),
                    value("X_WORLD", row), value("Y_WORLD", row), value("ALPHA_J2000", row), value("DELTA_J2000", row),
                    value("ALPHAWIN_J2000", row), value("DELTAWIN_J2000", row),
                    value("FLUX_AUTO", row), value("MAG_AUTO", row), value("CLASS_STAR", row), value("ELLIPTICITY", row),
                    value("SPREAD_MODEL", row), value("SPREADERR_MODEL", row), value("SNR_WIN", row),
                    value("FLUX_APER(1)", row)));
        }
        return detections;
    }

    /**
     * The objects of a position-pass catalogue (or the position columns of any pass-2 catalogue) as detections
     * with only the positions set: NUMBER, X/Y_IMAGE, XWIN/YWIN_IMAGE, ALPHA/DELTA_J2000, ALPHAWIN/DELTAWIN_J2000
     * and X/Y_WORLD, FLUX_AUTO (PSF-independent: S0S's neighbour fluxes) and SNR_WIN (PSF-independent: the corrected
     * profile's stellar-locus selection) when the catalogue has them. The
     * columns the position pass does not measure are NaN, and the
     * integer ones (FLAGS, X/YMIN/MAX_IMAGE) -1, which no filter takes for a clean object. World coordinates are
     * as SExtractor wrote them; {@link DetectionAstrometry#placedPositions} places them like pass-2 rows.
     *
     * @throws FitsFormatException when a position column is missing
     */
    public List<Detection> positions() throws FitsFormatException {
        for (String required : POSITION_COLUMNS) {
            if (!hasColumn(required)) {
                throw new FitsFormatException(file, "no column " + required + " in " + OBJECTS_EXTNAME
                        + "; expected the position columns " + POSITION_COLUMNS + ", found " + columnNames());
            }
        }
        boolean world = hasColumn("X_WORLD") && hasColumn("Y_WORLD");
        boolean flux = hasColumn("FLUX_AUTO");
        boolean snr = hasColumn("SNR_WIN");
        double nan = Double.NaN;
        List<Detection> detections = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            detections.add(new Detection(
                    (int) value("NUMBER", row), -1,
                    value("X_IMAGE", row), value("Y_IMAGE", row), value("XWIN_IMAGE", row), value("YWIN_IMAGE", row),
                    nan, nan, -1, -1, -1, -1,
                    world ? value("X_WORLD", row) : nan, world ? value("Y_WORLD", row) : nan,
                    value("ALPHA_J2000", row), value("DELTA_J2000", row),
                    value("ALPHAWIN_J2000", row), value("DELTAWIN_J2000", row),
                    flux ? value("FLUX_AUTO", row) : nan, nan, nan, nan, nan, nan, snr ? value("SNR_WIN", row) : nan, nan));
        }
        return detections;
    }

    private Object column(String name) {
        Object column = columns.get(baseName(name));
        if (column == null) {
            throw new IllegalArgumentException(file + ": no column " + baseName(name) + " in " + OBJECTS_EXTNAME
                    + " (columns: " + columnNames() + ")");
        }
        return column;
    }

    private static String baseName(String name) {
        int paren = name.indexOf('(');
        return (paren < 0 ? name : name.substring(0, paren)).trim();
    }

    private static int elementIndex(String name) {
        int paren = name.indexOf('(');
        if (paren < 0) {
            return 0;
        }
        String inside = name.substring(paren + 1, name.indexOf(')', paren)).split(",")[0].trim();
        return Integer.parseInt(inside) - 1;
    }

    private static double number(Object column, int row, int element, String name) {
        Object cell = Array.get(column, row);
        while (cell != null && cell.getClass().isArray()) {
            cell = Array.getLength(cell) > element ? Array.get(cell, element) : null;
            element = 0;
        }
        if (cell instanceof Number n) {
            return n.doubleValue();
        }
        if (cell instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new IllegalArgumentException("Column " + name + " is not numeric (row " + row + " holds " + cell + ")");
    }

    private static void flatten(Object cell, List<Double> into) {
        if (cell != null && cell.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(cell); i++) {
                flatten(Array.get(cell, i), into);
            }
        } else if (cell instanceof Number n) {
            into.add(n.doubleValue());
        }
    }
}
