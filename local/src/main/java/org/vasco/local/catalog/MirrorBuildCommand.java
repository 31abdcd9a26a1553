package org.vasco.local.catalog;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vasco.common.config.Environment;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.common.http.ArchiveClient;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.xmatch.catalog.CatalogueSettings;
import org.vasco.xmatch.catalog.NeighbourhoodUnavailableException;
import org.vasco.xmatch.catalog.VizierConeClient;
import org.vasco.xmatch.mirror.HatsLayout;
import org.vasco.xmatch.mirror.MirrorException;
import org.vasco.xmatch.mirror.MirrorFiles;
import org.vasco.xmatch.mirror.MirrorLayout;
import org.vasco.xmatch.mirror.MirrorLocation;
import org.vasco.xmatch.mirror.MirrorManifest;
import org.vasco.xmatch.mirror.MirrorSchema;
import org.vasco.xmatch.mirror.MirrorSettings;
import org.vasco.xmatch.mirror.ParquetEngine;
import org.vasco.xmatch.mirror.build.MirrorBuilder;
import org.vasco.xmatch.mirror.build.MirrorSealing;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco catalog mirror build --catalog gaia|ps1|usnob --from SOURCE --out DIR [--plates P…|--plan]}: builds a
 * mirror in the reference's level-5 layout from bulk CSV/ECSV files (gzipped or not; files or directories of them),
 * from a HATS catalogue (a directory or {@code s3://…}), or from VizieR cones over the plan's tiles
 * ({@code --from vizier}, which needs {@code --plates} or {@code --plan}). With {@code --plates}/{@code --plan} a bulk
 * or HATS build keeps only the pixels those tiles' neighbourhoods touch. Run it again after an interrupt: finished
 * inputs are skipped. Exit codes: 0 built, 1 a source failed, 2 bad options or input.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build a catalogue mirror (reference level-5 layout, MANIFEST.json, LICENSE.txt) from bulk files, HATS or VizieR.")
public final class MirrorBuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--catalog", required = true, paramLabel = "gaia|ps1|usnob", description = "The catalogue of the mirror.")
    String catalog;

    @Option(names = "--from", required = true, arity = "1..*", paramLabel = "SOURCE",
            description = "Bulk CSV/ECSV files or directories of them (.gz or not), a HATS catalogue (directory or s3://…), or vizier.")
    List<String> from;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The mirror's directory (created; resumed when it exists).")
    Path dir;

    @ArgGroup(exclusive = true)
    Footprint footprint;

    static final class Footprint {
        @Option(names = "--plates", split = ",", arity = "1..*", paramLabel = "PLATE", description = "Only these plates' tiles.")
        List<String> plates;

        @Option(names = "--plan", description = "The whole plan's tiles.")
        boolean plan;
    }

    private final ClusterLocator cluster;

    public MirrorBuildCommand() {
        this(ClusterLocator.fromProcess());
    }

    /** @param cluster where the settings come from (the environment as given; no cluster is needed) (VizieR endpoint, S3 endpoint, tile size) */
    public MirrorBuildCommand(ClusterLocator cluster) {
        this.cluster = cluster;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MirrorSchema schema;
        PlanFootprint plan = null;
        Environment env = cluster.environment();
        CatalogueSettings settings = CatalogueSettings.from(env);
        try {
            schema = MirrorSchema.ofLabel(catalog);
            if (footprint != null) {
                plan = PlanFootprint.of(footprint.plan ? List.of() : footprint.plates, schema.catalogue(), settings.radius());
            }
        } catch (IllegalArgumentException e) {
            err.println("vasco catalog mirror build: " + e.getMessage());
            return ExitCodes.BAD_REQUEST;
        }
        boolean vizier = from.size() == 1 && from.get(0).equalsIgnoreCase(MirrorSettings.REMOTE);
        if (vizier && plan == null) {
            err.println("vasco catalog mirror build: --from vizier needs the tiles to fetch: --plates P… or --plan");
            return ExitCodes.BAD_REQUEST;
        }
        Files.createDirectories(dir);
        Instant started = Instant.now();
        Set<Long> pixels = plan == null ? null : plan.pixels();
        try (ParquetEngine engine = ParquetEngine.open(settings.mirrors().engineMemory())) {
            MirrorBuilder builder = new MirrorBuilder(schema, dir, engine, line -> {
                out.println("  " + line);
                out.flush();
            });
            String kind;
            MirrorBuilder.Written written;
            List<String> filters = new ArrayList<>();
            MirrorManifest.Coverage coverage = new MirrorManifest.Coverage(MirrorManifest.Coverage.PIXELS, List.of());
            if (vizier) {
                kind = "vizier";
                out.printf(Locale.ROOT, "Building a %s mirror from %d VizieR cones (%s) into %s%n", schema.label(), plan.cones().size(),
                        settings.vizier().baseUrl(), dir);
                VizierConeClient client = new VizierConeClient(new ArchiveClient(settings.vizier(), new SimpleMeterRegistry(),
                        "vasco-mirror-build"), settings);
                written = builder.fromVizier(client, plan.cones());
                coverage = new MirrorManifest.Coverage(MirrorManifest.Coverage.CONES, plan.cones().stream()
                        .map(c -> new double[] {c.raDeg(), c.decDeg(), c.radiusArcmin() / 60}).toList());
                if (schema == MirrorSchema.PS1) {
                    filters.add(MirrorSchema.VIZIER_PS1_FILTER);
                }
                pixels = null;
            } else if (isHats(from)) {
                kind = "hats";
                MirrorFiles files = MirrorFiles.open(MirrorLocation.parse(from.get(0)), settings.mirrors());
                if (!(MirrorLayout.open(files, schema) instanceof HatsLayout hats)) {
                    err.println("vasco catalog mirror build: " + from.get(0) + " is a level-5 mirror already, not a HATS catalogue");
                    return ExitCodes.BAD_REQUEST;
                }
                out.printf(Locale.ROOT, "Building a %s mirror from %s into %s%n", schema.label(), hats.describe(), dir);
                written = builder.fromHats(hats, pixels);
            } else {
                kind = "bulk";
                List<Path> files = bulkFiles(from);
                if (files.isEmpty()) {
                    err.println("vasco catalog mirror build: no .csv, .ecsv (optionally .gz) files in " + from);
                    return ExitCodes.BAD_REQUEST;
                }
                out.printf(Locale.ROOT, "Building a %s mirror from %d bulk file(s) into %s%s%n", schema.label(), files.size(), dir,
                        pixels == null ? "" : " (" + pixels.size() + " pixels of the plan's footprint)");
                written = builder.fromFiles(files, pixels);
            }
            MirrorManifest manifest = MirrorSealing.seal(engine, schema, dir, new MirrorManifest.Provenance(kind, String.join(" ", from),
                    "vasco catalog mirror build " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                    started.toString(), Instant.now().toString(), new ArrayList<>(builder.doneInputs().keySet()), licenceNote(schema)),
                    filters, coverage, pixels);
            out.printf(Locale.ROOT, "Built %s: %d input(s) now, %d done before; %,d rows in %d pixels; MANIFEST.json and LICENSE.txt"
                    + " written%n", dir, written.inputs(), written.skipped(), manifest.rows(), manifest.pixels().size());
            return ExitCodes.OK;
        } catch (MirrorException e) {
            err.println("vasco catalog mirror build: " + e.getMessage());
            return e.problem().retriable() ? ExitCodes.FAILED : ExitCodes.BAD_REQUEST;
        } catch (NeighbourhoodUnavailableException e) {
            err.println("vasco catalog mirror build: " + e.getMessage() + " (the cones fetched so far are kept: run it again)");
            return ExitCodes.FAILED;
        } catch (IOException e) {
            err.println("vasco catalog mirror build: " + e.getMessage());
            return ExitCodes.BAD_REQUEST;
        }
    }

    private static String licenceNote(MirrorSchema schema) {
        return switch (schema) {
            case GAIA -> "Gaia DR3, CC BY 4.0 (ESA/Gaia/DPAC); see LICENSE.txt";
            case PS1 -> "Pan-STARRS1 DR2 (MAST/STScI; CDS VizieR II/389); see LICENSE.txt";
            case USNOB -> "USNO-B1.0, public domain (Monet et al. 2003; CDS VizieR I/284); see LICENSE.txt";
        };
    }

    /** A HATS source: one s3:// location, or one directory holding a HATS catalogue or collection. */
    private static boolean isHats(List<String> from) {
        if (from.size() != 1) {
            return false;
        }
        String f = from.get(0);
        if (f.startsWith("s3://")) {
            return true;
        }
        Path p = Path.of(f);
        return Files.isDirectory(p) && (Files.isRegularFile(p.resolve("partition_info.csv"))
                || Files.isRegularFile(p.resolve("collection.properties")));
    }

    private static List<Path> bulkFiles(List<String> from) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String f : from) {
            Path p = Path.of(f);
            if (Files.isDirectory(p)) {
                try (Stream<Path> inside = Files.list(p)) {
                    inside.filter(MirrorBuildCommand::isTable).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IOException(f + " is neither a file nor a directory");
            }
        }
        return files;
    }

    private static boolean isTable(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && n.matches(".*\\.(csv|ecsv)(\\.gz)?");
    }
}
