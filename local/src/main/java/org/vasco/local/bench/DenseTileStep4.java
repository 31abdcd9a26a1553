package org.vasco.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.detection.Detection;
import org.vasco.xmatch.science.Step4Input;
import org.vasco.xmatch.science.Step4Parameters;
import org.vasco.xmatch.science.Step4Result;
import org.vasco.xmatch.science.Step4Science;

/**
 * The xmatch worker's work on one tile, as a program for memory measurements: reads the Gaia, PS1, USNO-B and
 * bright-star neighbourhoods from their cache files ({@code <catalogue>.csv.gz}, read as the worker's
 * neighbourhood cache reads them) and the detections ({@code detections.csv}: ra,dec), then runs step 4's
 * science with the reference parameters and prints its counters.
 * Usage: {@code DenseTileStep4 DIR CENTRE-RA CENTRE-DEC PLATE-EPOCH}.
 */
public final class DenseTileStep4 {

    private DenseTileStep4() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        double ra = Double.parseDouble(args[1]);
        double dec = Double.parseDouble(args[2]);
        double epoch = Double.parseDouble(args[3]);
        CatalogueNeighbourhood gaia = read(dir, Catalogue.GAIA, ra, dec);
        CatalogueNeighbourhood ps1 = read(dir, Catalogue.PS1, ra, dec);
        CatalogueNeighbourhood usnob = read(dir, Catalogue.USNOB, ra, dec);
        CatalogueNeighbourhood bright = read(dir, Catalogue.PS1_BRIGHT, ra, dec);
        List<Detection> detections = detections(dir.resolve("detections.csv"));
        Step4Result result = new Step4Science(Step4Parameters.reference())
                .run(new Step4Input("dense-tile", ra, dec, epoch, detections, gaia, ps1, null, usnob, () -> bright));
        System.out.println("step 4: " + result.counters());
    }

    static Path file(Path dir, Catalogue catalogue) {
        return dir.resolve(catalogue.label() + ".csv.gz");
    }

    private static CatalogueNeighbourhood read(Path dir, Catalogue catalogue, double ra, double dec) throws IOException {
        return new CatalogueNeighbourhood(catalogue, ra, dec, 0, NeighbourhoodCsv.read(catalogue, file(dir, catalogue)));
    }

    /** Plate detections at the given positions with the measurements of a well-measured star. */
    private static List<Detection> detections(Path file) throws IOException {
        List<Detection> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                int comma = line.indexOf(',');
                double a = Double.parseDouble(line.substring(0, comma));
                double d = Double.parseDouble(line.substring(comma + 1));
                int n = out.size() + 1;
                double x = 1 + (n % 2000);
                double y = 1 + (n / 2000.0);
                out.add(new Detection(n, 0, x, y, x, y, 1.1, 3.0, (int) x - 3, (int) x + 3, (int) y - 3, (int) y + 3,
                        a, d, a, d, a, d, 5000, 16.0, 0.95, 0.08, 0.0005, 0.003, 60, 4000));
            }
        }
        return out;
    }
}
