package org.vasco.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The pairs of a cross-match output CSV, as (table-1 id, table-2 id, separation) sorted by the ids, read from
 * the columns {@code id_1}, {@code id_2} and a named separation column. Used to compare two tools' outputs
 * pair for pair; the benchmark tables have no quoted fields, so a plain split is exact here.
 */
record PairSet(long[] keys, double[] separationArcsec) {

    static PairSet read(Path file, String separationColumn) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = r.readLine();
            if (headerLine == null) {
                throw new IOException(file + " is empty");
            }
            List<String> header = List.of(headerLine.split(",", -1));
            int id1 = column(header, "id_1", file);
            int id2 = column(header, "id_2", file);
            int sep = column(header, separationColumn, file);
            long[] keys = new long[1024];
            double[] seps = new double[1024];
            int n = 0;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (n == keys.length) {
                    keys = Arrays.copyOf(keys, n * 2);
                    seps = Arrays.copyOf(seps, n * 2);
                }
                keys[n] = (Long.parseLong(f[id1]) << 32) | Long.parseLong(f[id2]);
                seps[n] = Double.parseDouble(f[sep]);
                n++;
            }
            return sorted(Arrays.copyOf(keys, n), Arrays.copyOf(seps, n));
        }
    }

    private static int column(List<String> header, String name, Path file) throws IOException {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new IOException(file + " has no column '" + name + "' (columns: " + header + ")");
        }
        return c;
    }

    private static PairSet sorted(long[] keys, double[] seps) {
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
        long[] k = new long[keys.length];
        double[] s = new double[keys.length];
        for (int i = 0; i < order.length; i++) {
            k[i] = keys[order[i]];
            s[i] = seps[order[i]];
        }
        return new PairSet(k, s);
    }

    int size() {
        return keys.length;
    }

    /** How this set differs from another: pairs only here, pairs only there, largest separation difference. */
    Comparison compare(PairSet other) {
        int i = 0;
        int j = 0;
        int onlyHere = 0;
        int onlyThere = 0;
        double maxDifference = 0;
        while (i < keys.length || j < other.keys.length) {
            if (j == other.keys.length || (i < keys.length && keys[i] < other.keys[j])) {
                onlyHere++;
                i++;
            } else if (i == keys.length || other.keys[j] < keys[i]) {
                onlyThere++;
                j++;
            } else {
                maxDifference = Math.max(maxDifference, Math.abs(separationArcsec[i] - other.separationArcsec[j]));
                i++;
                j++;
            }
        }
        return new Comparison(onlyHere, onlyThere, maxDifference);
    }

    /** The difference between two pair sets. */
    record Comparison(int onlyInFirst, int onlyInSecond, double maxSeparationDifferenceArcsec) {
        /** Same pairs, separations within {@code toleranceArcsec}. */
        boolean identical(double toleranceArcsec) {
            return onlyInFirst == 0 && onlyInSecond == 0 && maxSeparationDifferenceArcsec <= toleranceArcsec;
        }
    }
}
