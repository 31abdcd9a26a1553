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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The neighbourhood file format: gzip-compressed CSV whose header is {@link Catalogue#columns()} (the
 * reference's neighbourhood CSV headers, SPEC §6.3), one line per source, values as the service sent
 * them. An empty neighbourhood is the header alone. The xmatch step writes these files
 * ({@code catalogs/<catalogue>/<tile_id>.csv.gz}); the veto step reads the Gaia one for its PSF stars.
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
        List<String[]> rows = new ArrayList<>();
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
        return rows;
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
