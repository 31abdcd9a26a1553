package org.vasco.common.catalog;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.vasco.common.sky.SkyGeometry;

/**
 * The neighbourhood file format: gzip-compressed CSV whose header is {@link Catalogue#columns()} (the
 * reference's neighbourhood CSV headers, SPEC §6.3), one line per source, values as the service sent
 * them. An empty neighbourhood is the header alone. The xmatch step writes these files
 * ({@code catalogs/<catalogue>/<tile_id>.csv.gz}); the veto step reads the Gaia one for its PSF stars.
 *
 * <p>{@link #readReferenceFile} reads the reference pipeline's own files ({@code gaia_neighbourhood.csv},
 * {@code ps1_neighbourhood.csv}, {@code usnob_neighbourhood.csv}, {@code ps1_bright_stars_r16_rad45.csv}):
 * plain CSV with the same column names, for {@code vasco process} on a user's catalogue files.
 */
public final class NeighbourhoodCsv {

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private NeighbourhoodCsv() {
    }

    public static void write(Catalogue catalogue, List<String[]> rows, OutputStream target) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(target);
        Writer out = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8));
        line(out, catalogue.columns().toArray(String[]::new));
        for (String[] row : rows) {
            line(out, row);
        }
        out.flush();
        gzip.finish();
    }

    /**
     * Reads a neighbourhood file.
     *
     * @throws IOException when the file is not gzip, its header is not the catalogue's or a row is ragged
     */
    public static List<String[]> read(Catalogue catalogue, Path file) throws IOException {
        // packed as they are read, so a 200,000-row neighbourhood never exists as a String per cell
        PackedRows.Builder rows = new PackedRows.Builder(catalogue.columns().size(), 4096);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
             MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(in)) {
            if (!it.hasNext()) {
                throw new IOException(file + " is empty: expected at least the header " + catalogue.columns());
            }
            List<String> header = Arrays.asList(it.next());
            if (!header.equals(catalogue.columns())) {
                throw new IOException(file + " has header " + header + ", expected " + catalogue.columns());
            }
            int width = header.size();
            while (it.hasNext()) {
                String[] row = it.next();
                if (row.length != width) {
                    throw new IOException(file + " row " + (rows.size() + 1) + " has " + row.length + " values, expected " + width);
                }
                rows.add(row);
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a readable neighbourhood CSV: " + e.getMessage(), e);
        }
        return rows.build();
    }

    /**
     * Reads a neighbourhood file as the reference pipeline writes it (SPEC §6.3, §6.8): CSV (gzip when
     * the name ends in {@code .gz}) whose header names the columns of {@link Catalogue#columns()}.
     * Columns are taken by name, so extra columns are ignored and a missing column reads as empty;
     * {@code ra} and {@code dec} must be present, and so must the columns the science reads when the
     * file has rows (pmRA/pmDE for Gaia and USNO-B, rmag for the bright stars). The reference's empty
     * result, a file holding only {@code ra,dec}, is an empty neighbourhood.
     *
     * @param centreRaDeg  the tile centre the neighbourhood belongs to
     * @param centreDecDeg the tile centre
     * @throws IOException naming the file and what is wrong: unreadable, empty, no ra/dec column, a
     *                     missing required column, a ragged row, or a row whose ra/dec is not a sky position
     */
    public static CatalogueNeighbourhood readReferenceFile(Catalogue catalogue, Path file, double centreRaDeg,
                                                           double centreDecDeg) throws IOException {
        List<String> columns = catalogue.columns();
        PackedRows.Builder rows = new PackedRows.Builder(columns.size(), 4096);
        double radiusArcmin = 0;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(in)) {
            if (!it.hasNext()) {
                throw new IOException(file + " is empty: expected a header with the columns " + columns);
            }
            List<String> header = Arrays.stream(it.next()).map(String::trim).toList();
            int[] source = new int[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                source[c] = header.indexOf(columns.get(c));
            }
            if (source[columns.indexOf("ra")] < 0 || source[columns.indexOf("dec")] < 0) {
                throw new IOException(file + " has header " + header + " without ra and dec columns; expected the "
                        + catalogue.label() + " columns " + columns);
            }
            int ra = source[columns.indexOf("ra")];
            int dec = source[columns.indexOf("dec")];
            while (it.hasNext()) {
                String[] record = it.next();
                if (record.length == 1 && record[0].isBlank()) {
                    continue;
                }
                int line = rows.size() + 2;
                if (record.length != header.size()) {
                    throw new IOException(file + " line " + line + " has " + record.length + " values, the header has "
                            + header.size());
                }
                double r = number(record[ra]);
                double d = number(record[dec]);
                if (!(r >= 0 && r <= 360 && d >= -90 && d <= 90)) {
                    throw new IOException(file + " line " + line + ": ra '" + record[ra] + "', dec '" + record[dec]
                            + "' is not a sky position in degrees");
                }
                String[] row = new String[columns.size()];
                for (int c = 0; c < columns.size(); c++) {
                    row[c] = source[c] < 0 ? "" : record[source[c]].trim();
                }
                rows.add(row);
                radiusArcmin = Math.max(radiusArcmin, SkyGeometry.separationDeg(centreRaDeg, centreDecDeg, r, d) * 60.0);
            }
            if (rows.size() > 0) {
                for (String required : requiredColumns(catalogue)) {
                    if (source[columns.indexOf(required)] < 0) {
                        throw new IOException(file + " has no " + required + " column (header " + header + "); "
                                + "step 4 needs it for " + catalogue.label());
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | java.util.zip.ZipException | RuntimeException e) {
            throw new IOException(file + " is not a readable CSV: " + e.getMessage(), e);
        }
        return new CatalogueNeighbourhood(catalogue, centreRaDeg, centreDecDeg, radiusArcmin, rows.build());
    }

    /**
     * Writes a neighbourhood as the reference pipeline's files are (what {@link #readReferenceFile} reads): CSV with
     * the header {@link Catalogue#columns()}, gzip when the name ends in {@code .gz}, written to a temporary file
     * and renamed into place.
     */
    public static void writeReferenceFile(Catalogue catalogue, List<String[]> rows, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(tmp)) {
            if (file.getFileName().toString().endsWith(".gz")) {
                write(catalogue, rows, raw);
            } else {
                Writer out = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8));
                line(out, catalogue.columns().toArray(String[]::new));
                for (String[] row : rows) {
                    line(out, row);
                }
                out.flush();
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> requiredColumns(Catalogue catalogue) {
        return switch (catalogue) {
            case GAIA, USNOB -> List.of("pmRA", "pmDE");
            case PS1_BRIGHT -> List.of("rmag");
            case PS1 -> List.of();
        };
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static void line(Writer out, String[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String v = values[i] == null ? "" : values[i];
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                out.write('"');
                out.write(v.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(v);
            }
        }
        out.write('\n');
    }
}
