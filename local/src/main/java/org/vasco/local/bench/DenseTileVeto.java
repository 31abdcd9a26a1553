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
import org.vasco.xmatch.science.CatalogueVeto;
import org.vasco.xmatch.science.CatalogueVetoInput;
import org.vasco.xmatch.science.CatalogueVetoParameters;
import org.vasco.xmatch.science.CatalogueVetoResult;

/**
 * The xmatch worker's work on one tile, as a program for memory measurements: reads the Gaia, PS1 and USNO-B
 * neighbourhoods from their cache files ({@code <catalogue>.csv.gz}, read as the worker's neighbourhood cache reads
 * them) and the detections ({@code detections.csv}: ra,dec), then runs step 4's science up to the veto (the late
 * filters and the spike cut, with the bright-star list, run in the veto worker) with the reference parameters and
 * prints its counters.
 * Usage: {@code DenseTileVeto DIR CENTRE-RA CENTRE-DEC PLATE-EPOCH}.
 */
public final class DenseTileVeto {

    private DenseTileVeto() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        double ra = Double.parseDouble(args[1]);
        double dec = Double.parseDouble(args[2]);
        double epoch = Double.parseDouble(args[3]);
        CatalogueNeighbourhood gaia = read(dir, Catalogue.GAIA, ra, dec);
        CatalogueNeighbourhood ps1 = read(dir, Catalogue.PS1, ra, dec);
        CatalogueNeighbourhood usnob = read(dir, Catalogue.USNOB, ra, dec);
        List<Detection> detections = detections(dir.resolve("detections.csv"));
        CatalogueVetoResult result = new CatalogueVeto(CatalogueVetoParameters.reference())
                .run(new CatalogueVetoInput("dense-tile", ra, dec, epoch, detections, gaia, ps1, null, usnob));
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
