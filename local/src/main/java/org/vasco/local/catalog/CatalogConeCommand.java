package org.vasco.local.catalog;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.config.Environment;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.xmatch.catalog.CatalogueSettings;
import org.vasco.xmatch.catalog.CatalogueSources;
import org.vasco.xmatch.catalog.FetchedNeighbourhood;
import org.vasco.xmatch.catalog.MastBrightStarClient;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException;
import org.vasco.xmatch.catalog.VizierConeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco catalog cone --catalog C --ra RA --dec DEC --radius-arcmin R --out FILE.csv}: one cone from the source
 * the settings choose for the catalogue ({@code VASCO_<CAT>_SOURCE}: VizieR/MAST or a mirror), through the same code
 * the xmatch worker fetches with, written in the reference's neighbourhood CSV (gzip when FILE ends in .gz).
 * Exit codes: 0 written, 1 the source failed (one line naming the pixel, file, column or service), 2 bad options.
 */
@Command(name = "cone", mixinStandardHelpOptions = true,
        description = "Answer one catalogue cone from the configured source (VizieR/MAST or a mirror) as a neighbourhood CSV.")
public final class CatalogConeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--catalog", required = true, paramLabel = "gaia|ps1|usnob|ps1bright", description = "The catalogue.")
    String catalog;

    @Option(names = "--ra", required = true, paramLabel = "DEG", description = "Cone centre, RA in degrees.")
    double ra;

    @Option(names = "--dec", required = true, paramLabel = "DEG", description = "Cone centre, Dec in degrees.")
    double dec;

    @Option(names = "--radius-arcmin", required = true, paramLabel = "R", description = "Cone radius, arcmin.")
    double radiusArcmin;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV (.csv or .csv.gz).")
    Path outFile;

    private final ClusterLocator cluster;

    public CatalogConeCommand() {
        this(ClusterLocator.fromProcess());
    }

    /** @param cluster where the settings come from (the environment as given; no cluster is needed) ({@code VASCO_<CAT>_SOURCE}, the services' endpoints) */
    public CatalogConeCommand(ClusterLocator cluster) {
        this.cluster = cluster;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Catalogue catalogue;
        TileId tile;
        try {
            catalogue = Catalogue.fromLabel(catalog);
            if (!(radiusArcmin > 0 && radiusArcmin <= 600)) {
                throw new IllegalArgumentException("--radius-arcmin must be in (0, 600], found " + radiusArcmin);
            }
            tile = TileId.fromCentre(ra, dec);
        } catch (IllegalArgumentException e) {
            err.println("vasco catalog cone: " + e.getMessage());
            return ExitCodes.BAD_REQUEST;
        }
        CatalogueSettings settings = CatalogueSettings.from(cluster.environment());
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (CatalogueSources sources = CatalogueSources.of(settings.mirrors(), settings.minRows(),
                new VizierConeClient(new ArchiveClient(settings.vizier(), metrics, "vasco-catalog-cone"), settings),
                new MastBrightStarClient(new ArchiveClient(settings.mast(), metrics, "vasco-catalog-cone"), settings))) {
            long t0 = System.nanoTime();
            FetchedNeighbourhood fetched = catalogue.covers(dec) ? sources.fetch(catalogue, tile, ra, dec, radiusArcmin)
                    : FetchedNeighbourhood.outsideCoverage(catalogue, ra, dec, radiusArcmin);
            NeighbourhoodCsv.writeReferenceFile(catalogue, fetched.neighbourhood().rows(), outFile);
            out.printf(Locale.ROOT, "%s: %,d rows within %.4f' of (%.6f, %+.6f) from %s in %.2f s -> %s%n", catalogue.label(),
                    fetched.neighbourhood().size(), radiusArcmin, ra, dec, catalogue.covers(dec) ? sources.describe(catalogue)
                            : "nowhere (outside the catalogue's sky)", (System.nanoTime() - t0) / 1e9, outFile);
            return ExitCodes.OK;
        } catch (NeighbourhoodUnavailableException e) {
            err.println("vasco catalog cone: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
