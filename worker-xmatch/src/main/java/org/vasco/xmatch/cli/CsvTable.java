package org.vasco.xmatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A CSV table held as its header and the raw text of each record (RFC 4180: quoted fields may hold
 * commas, doubled quotes and line breaks), with chosen numeric columns parsed into primitive arrays.
 * Keeping each record as one string lets the matcher copy a row to its output unchanged and keeps
 * the cost near the file size; no object is made per field. A {@code .gz} name is read through gzip.
 */
final class CsvTable {

    private final String label;
    private final List<String> header;
    private final List<String> records;

    private CsvTable(String label, List<String> header, List<String> records) {
        this.label = label;
        this.header = header;
        this.records = records;
    }

    /**
     * Reads a table.
     *
     * @param label names the table in error messages (e.g. "IN1 'stars.csv'")
     * @throws XmatchInputException when the file is missing, empty or has a record of the wrong width
     */
    static CsvTable read(Path file, String label) {
        if (!Files.isRegularFile(file)) {
            throw new XmatchInputException(label + " does not exist or is not a file");
        }
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String headerRecord = nextRecord(reader);
            if (headerRecord == null || headerRecord.isBlank()) {
                throw new XmatchInputException(label + " is empty: expected a header line");
            }
            List<String> header = List.copyOf(split(headerRecord).stream().map(String::trim).toList());
            List<String> records = new ArrayList<>();
            String record;
            while ((record = nextRecord(reader)) != null) {
                if (record.isEmpty()) {
                    continue;
                }
                int width = width(record);
                if (width != header.size()) {
                    throw new XmatchInputException(label + " record " + (records.size() + 1) + " has " + width
                            + " fields, the header has " + header.size());
                }
                records.add(record);
            }
            return new CsvTable(label, header, records);
        } catch (IOException e) {
            throw new XmatchInputException(label + " cannot be read: " + e.getMessage());
        }
    }

    /** One record, joining physical lines while a quoted field is open; null at the end. */
    private static String nextRecord(BufferedReader reader) throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return null;
        }
        if (line.indexOf('"') < 0) {
            return line;
        }
        StringBuilder record = new StringBuilder(line);
        while (quotes(record) % 2 == 1) {
            String more = reader.readLine();
            if (more == null) {
                break;
            }
            record.append('\n').append(more);
        }
        return record.toString();
    }

    private static int quotes(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }

    /** Number of fields in a record: commas outside quotes, plus one. */
    static int width(String record) {
        int fields = 1;
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields++;
            }
        }
        return fields;
    }

    /** The fields of a record, unquoted. */
    static List<String> split(String record) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < record.length() && record.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** Quotes a value for CSV output when it needs it. */
    static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    List<String> header() {
        return header;
    }

    int size() {
        return records.size();
    }

    String record(int row) {
        return records.get(row);
    }

    /**
     * A numeric column: empty, {@code nan} and {@code null} cells are NaN.
     *
     * @throws XmatchInputException when the column is absent or a cell is not a number
     */
    double[] numbers(String column) {
        int c = header.indexOf(column);
        if (c < 0) {
            throw new XmatchInputException(label + " has no column '" + column + "' (columns: " + String.join(", ", header) + ")");
        }
        double[] out = new double[records.size()];
        for (int r = 0; r < out.length; r++) {
            String text = field(records.get(r), c).trim();
            if (text.isEmpty() || text.equalsIgnoreCase("nan") || text.equalsIgnoreCase("null")) {
                out[r] = Double.NaN;
                continue;
            }
            try {
                out[r] = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new XmatchInputException(label + " record " + (r + 1) + " column '" + column + "' is not a number: '"
                        + text + "'");
            }
        }
        return out;
    }

    private static String field(String record, int index) {
        if (record.indexOf('"') >= 0) {
            return split(record).get(index);
        }
        int start = 0;
        for (int k = 0; k < index; k++) {
            start = record.indexOf(',', start) + 1;
        }
        int end = record.indexOf(',', start);
        return end < 0 ? record.substring(start) : record.substring(start, end);
    }

    @Override
    public String toString() {
        return label + " " + Arrays.toString(header.toArray()) + " × " + records.size();
    }
}
