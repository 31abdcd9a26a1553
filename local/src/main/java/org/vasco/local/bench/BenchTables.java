package org.vasco.local.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the two tables of a cross-match benchmark as CSV: {@code id,ra,dec,mag}, where {@code id} is the
 * 0-based row number (so a pair names its rows) and RA/Dec are written with every digit of the double, so
 * that every tool reads exactly the same positions.
 */
final class BenchTables {

    private BenchTables() {
    }

    static void write(Path file, double[] ra, double[] dec, long seed) throws IOException {
        SplittableRandom magnitudes = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("id,ra,dec,mag\n");
            StringBuilder line = new StringBuilder(80);
            for (int i = 0; i < ra.length; i++) {
                line.setLength(0);
                int centimag = 1200 + magnitudes.nextInt(900);
                line.append(i).append(',').append(ra[i]).append(',').append(dec[i]).append(',')
                        .append(centimag / 100).append('.').append(centimag % 100 < 10 ? "0" : "").append(centimag % 100)
                        .append('\n');
                w.append(line);
            }
        }
    }
}
