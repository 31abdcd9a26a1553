package org.vasco.veto.vsx;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads VSX from the CDS {@code B/vsx} fixed-width {@code vsx.dat}, from a slim CSV with {@code RAdeg}/{@code DEdeg}
 * columns (optionally {@code Name}, {@code OID}, {@code Type}), either possibly gzip-compressed, or from a slim FITS
 * binary table with the same columns (the reference's {@code vsx_master_slim.fits}, read with STIL).
 * <p>
 * {@code vsx.dat} byte layout, from the catalogue's ReadMe: OID 1–7 (I7), Name 9–38 (A30), V 40, RAdeg 42–50
 * (F9.5), DEdeg 52–60 (F9.5), Type 62–91 (A30). Entries without a position are skipped and counted.
 */
public final class VsxFileReader {

    /** Counts of one read. */
    public record Result(long rows, long skippedWithoutPosition) {
    }

    private VsxFileReader() {
    }

    public static Result read(Path file, Consumer<VsxStar> sink) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("VSX input " + file + " does not exist or is not a file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
        if (name.endsWith(".fits") || name.endsWith(".fit")) {
            return VsxFitsReader.read(file, sink);
        }
        try (BufferedReader reader = open(file)) {
            if (name.endsWith(".csv")) {
                return readCsv(file, reader, sink);
            }
            if (name.endsWith(".dat")) {
                return readFixedWidth(file, reader, sink);
            }
        }
        throw new IOException("VSX input " + file + " is neither the CDS vsx.dat (fixed width) nor a .csv or .fits "
                + "with RAdeg/DEdeg columns");
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    static Result readFixedWidth(Path file, BufferedReader reader, Consumer<VsxStar> sink) throws IOException {
        long rows = 0;
        long skipped = 0;
        long lineNo = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String ra = field(line, 42, 50);
            String dec = field(line, 52, 60);
            if (ra.isEmpty() || dec.isEmpty()) {
                skipped++;
                continue;
            }
            try {
                String oid = field(line, 1, 7);
                String type = field(line, 62, 91);
                sink.accept(new VsxStar(oid.isEmpty() ? null : Long.parseLong(oid), field(line, 9, 38),
                        Double.parseDouble(ra), Double.parseDouble(dec), type.isEmpty() ? null : type));
                rows++;
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + lineNo + " is not a vsx.dat record (OID 1-7, Name 9-38, "
                        + "RAdeg 42-50, DEdeg 52-60): " + e.getMessage() + ": '" + line + "'", e);
            }
        }
        return new Result(rows, skipped);
    }

    /** Bytes {@code from}–{@code to} (1-based, inclusive) of a line, trimmed; empty when the line is shorter. */
    private static String field(String line, int from, int to) {
        if (line.length() < from) {
            return "";
        }
        return line.substring(from - 1, Math.min(to, line.length())).trim();
    }

    static Result readCsv(Path file, BufferedReader reader, Consumer<VsxStar> sink) throws IOException {
        String header = reader.readLine();
        if (header == null) {
            throw new IOException("VSX CSV " + file + " is empty");
        }
        List<String> columns = new ArrayList<>();
        for (String c : header.replace("\uFEFF", "").split(",", -1)) {
            columns.add(c.trim().replace("\"", ""));
        }
        int ra = indexOf(columns, "RAdeg", "RAJ2000", "ra");
        int dec = indexOf(columns, "DEdeg", "DEJ2000", "dec");
        int name = indexOf(columns, "Name");
        int oid = indexOf(columns, "OID");
        int type = indexOf(columns, "Type");
        if (ra < 0 || dec < 0) {
            throw new IOException("VSX CSV " + file + " has no RAdeg/DEdeg columns; found " + columns);
        }
        long rows = 0;
        long skipped = 0;
        long lineNo = 1;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] v = line.split(",", -1);
            String raText = cell(v, ra);
            String decText = cell(v, dec);
            if (raText.isEmpty() || decText.isEmpty()) {
                skipped++;
                continue;
            }
            try {
                String oidText = cell(v, oid);
                String label = cell(v, name);
                sink.accept(new VsxStar(oidText.isEmpty() ? null : Long.parseLong(oidText),
                        label.isEmpty() ? "VSX row " + (lineNo - 1) : label, Double.parseDouble(raText),
                        Double.parseDouble(decText), cell(v, type).isEmpty() ? null : cell(v, type)));
                rows++;
            } catch (IllegalArgumentException e) {
                throw new IOException("VSX CSV " + file + " line " + lineNo + ": " + e.getMessage() + ": '" + line + "'", e);
            }
        }
        return new Result(rows, skipped);
    }

    private static int indexOf(List<String> columns, String... names) {
        for (String n : names) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).equalsIgnoreCase(n)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String cell(String[] values, int index) {
        return index < 0 || index >= values.length ? "" : values[index].trim().replace("\"", "");
    }
}
