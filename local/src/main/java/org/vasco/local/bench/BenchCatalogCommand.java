package org.vasco.local.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.http.ArchiveClient;
import org.vasco.common.http.ArchiveService;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.healpix.HealpixCone;
import org.vasco.common.sky.healpix.NestedHealpix;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.testkit.archives.ConeSource;
import org.vasco.testkit.archives.LoopbackVizierServer;
import org.vasco.xmatch.catalog.CatalogueSources;
import org.vasco.xmatch.catalog.MastBrightStarClient;
import org.vasco.xmatch.catalog.NeighbourhoodRadius;
import org.vasco.xmatch.catalog.VizierConeClient;
import org.vasco.xmatch.mirror.HealpixFiveLayout;
import org.vasco.xmatch.mirror.MirrorLayout;
import org.vasco.xmatch.mirror.MirrorLocation;
import org.vasco.xmatch.mirror.MirrorManifest;
import org.vasco.xmatch.mirror.MirrorSchema;
import org.vasco.xmatch.mirror.MirrorSettings;
import org.vasco.xmatch.mirror.ParquetEngine;
import org.vasco.xmatch.mirror.build.MirrorBuilder;
import org.vasco.xmatch.mirror.build.MirrorSealing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench catalog --tiles N}: the Gaia, PS1 and USNO-B neighbourhoods of the plan's first N tiles (plate
 * XE002, Dec +76° to +89°, in the polar cap), from a level-5 mirror against the same content from the VizieR loopback,
 * both through {@link CatalogueSources} (the worker's code). The content is a synthetic sky written for the bench: stars
 * spread uniformly over every order-5 pixel the tiles' cones touch, at {@code --density} per deg² for Gaia and USNO-B
 * and twice that for PS1, each with values printed as VizieR prints them; the mirror is built from it by
 * {@code MirrorBuilder} as from bulk files. Each path answers the N×3 cones after one warm-up tile; then the
 * neighbourhoods are compared cell for cell. The loopback answers on this machine without network or queueing, so the
 * ratio is a floor on the speed-up over the real VizieR (docs/performance.md projects the plan with the reference's
 * measured VizieR times). Ends with {@code mirror: <x>x faster, neighbourhoods identical: yes|no}.
 * Exit codes: 0 measured, 1 a path failed, 2 bad options.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Time the catalogue neighbourhoods of N tiles from a mirror against the same content from the VizieR loopback.")
public final class BenchCatalogCommand implements Callable<Integer> {

    private static final List<Catalogue> CATALOGUES = List.of(Catalogue.GAIA, Catalogue.PS1, Catalogue.USNOB);

    @Spec
    CommandSpec spec;

    @Option(names = "--tiles", defaultValue = "10", description = "Plan tiles whose neighbourhoods are fetched (default ${DEFAULT-VALUE}).")
    int tiles;

    @Option(names = "--density", defaultValue = "3000", paramLabel = "PER_DEG2",
            description = "Gaia and USNO-B stars per square degree, PS1 twice that (default ${DEFAULT-VALUE}).")
    int density;

    @Option(names = "--seed", defaultValue = "20261206", description = "Seed of the synthetic sky (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    WorkDirOption dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (tiles < 1 || tiles > 500 || density < 10) {
            err.println("vasco bench catalog: --tiles must be in [1, 500] and --density at least 10");
            return 2;
        }
        Path work = dir.directory("vasco-bench-catalog");
        out.println(BenchXmatchCommand.machine());
        List<PlanTile> plan = TessellationPlan.generate(PlateCatalogue.bundled()).subList(0, tiles);
        NeighbourhoodRadius radius = new NeighbourhoodRadius(TessellationPlan.TILE_SIZE_ARCMIN);
        NestedHealpix grid = new NestedHealpix(HealpixFiveLayout.ORDER);
        java.util.TreeSet<Long> pixels = new java.util.TreeSet<>();
        for (PlanTile t : plan) {
            for (long p : HealpixCone.pixels(grid, t.raDeg(), t.decDeg(), (radius.arcmin(Catalogue.GAIA) + MirrorLayout.PIXEL_MARGIN_ARCMIN) / 60)) {
                pixels.add(p);
            }
        }
        out.printf(Locale.ROOT, "tiles: the plan's first %d (%s … %s), cones of %.2f', %d order-5 pixels; density %,d/deg²"
                + " (PS1 %,d); in %s%n", tiles, plan.get(0).tileId(), plan.get(tiles - 1).tileId(), radius.arcmin(Catalogue.GAIA),
                pixels.size(), density, 2 * density, work);
        Map<Catalogue, Map<Long, List<String[]>>> sky = new EnumMap<>(Catalogue.class);
        MirrorSettings mirrors = MirrorSettings.remoteOnly();
        long t0 = System.nanoTime();
        try (ParquetEngine engine = ParquetEngine.open("2GB")) {
            for (Catalogue c : CATALOGUES) {
                Map<Long, List<String[]>> rows = syntheticSky(c, grid, pixels, c == Catalogue.PS1 ? 2 * density : density);
                sky.put(c, rows);
                Path bulk = work.resolve(c.label() + "-bulk.csv.gz");
                writeBulk(c, rows, bulk);
                Path mirror = work.resolve(c.label() + "-mirror");
                MirrorBuilder builder = new MirrorBuilder(MirrorSchema.serving(c), mirror, engine, line -> { });
                builder.fromFiles(List.of(bulk), null);
                MirrorManifest m = MirrorSealing.seal(engine, MirrorSchema.serving(c), mirror, new MirrorManifest.Provenance("bulk",
                        bulk.toString(), "vasco bench catalog", null, null, List.of(bulk.getFileName().toString()), null), List.of(),
                        new MirrorManifest.Coverage(MirrorManifest.Coverage.PIXELS, List.of()), null);
                mirrors = mirrors.withMirror(c, MirrorLocation.parse(mirror.toString()));
                out.printf(Locale.ROOT, "  %s: %,d rows, mirror %,d bytes in %d pixels%n", c.label(), m.rows(), size(mirror), m.pixels().size());
            }
            out.printf(Locale.ROOT, "sky written and mirrors built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            out.flush();
        }
        ConeSource cones = (catalogue, ra, dec, radiusDeg) -> cone(catalogue, sky.get(catalogue), grid, ra, dec, radiusDeg);
        try (LoopbackVizierServer vizier = LoopbackVizierServer.start(cones)) {
            ArchiveService service = new ArchiveService("vizier", vizier.baseUrl(), Duration.ofSeconds(120), 3, Duration.ofMillis(5), 1e6);
            VizierConeClient client = new VizierConeClient(new ArchiveClient(service, new SimpleMeterRegistry(), "vasco-bench"), 200_000, 3, 1);
            try (CatalogueSources remote = CatalogueSources.remote(client, (MastBrightStarClient) null);
                 CatalogueSources mirrored = CatalogueSources.of(mirrors, 1, client, null)) {
                Timed fromVizier = fetchAll(remote, plan, radius, out, "vizier loopback");
                Timed fromMirror = fetchAll(mirrored, plan, radius, out, "mirror");
                boolean identical = fromVizier.neighbourhoods().equals(fromMirror.neighbourhoods());
                if (!identical) {
                    firstDifference(plan, fromVizier.neighbourhoods(), fromMirror.neighbourhoods(), out);
                }
                out.printf(Locale.ROOT, "neighbourhoods: %,d rows over %d cones; %s%n", fromMirror.rows(), fromMirror.neighbourhoods().size(),
                        identical ? "cell for cell the same" : "DIFFERENT");
                out.printf(Locale.ROOT, "per tile (3 catalogues): vizier loopback %.3f s, mirror %.3f s%n", fromVizier.seconds() / tiles,
                        fromMirror.seconds() / tiles);
                out.printf(Locale.ROOT, "mirror: %.1fx faster, neighbourhoods identical: %s%n", fromVizier.seconds() / fromMirror.seconds(),
                        identical ? "yes" : "no");
                out.flush();
                return 0;
            } catch (org.vasco.xmatch.catalog.NeighbourhoodUnavailableException e) {
                err.println("vasco bench catalog: " + e.getMessage());
                return 1;
            }
        }
    }

    private record Timed(double seconds, long rows, List<List<List<String>>> neighbourhoods) {
    }

    private static Timed fetchAll(CatalogueSources sources, List<PlanTile> plan, NeighbourhoodRadius radius, PrintWriter out, String name)
            throws Exception {
        PlanTile warm = plan.get(0);
        for (Catalogue c : CATALOGUES) {
            sources.fetch(c, warm.tileId(), warm.raDeg(), warm.decDeg(), radius.arcmin(c));
        }
        Map<Catalogue, Double> seconds = new EnumMap<>(Catalogue.class);
        List<List<List<String>>> all = new ArrayList<>();
        long rows = 0;
        long start = System.nanoTime();
        for (PlanTile t : plan) {
            for (Catalogue c : CATALOGUES) {
                long t0 = System.nanoTime();
                CatalogueNeighbourhood n = sources.fetch(c, t.tileId(), t.raDeg(), t.decDeg(), radius.arcmin(c)).neighbourhood();
                seconds.merge(c, (System.nanoTime() - t0) / 1e9, Double::sum);
                rows += n.size();
                all.add(n.rows().stream().map(List::of).toList());
            }
        }
        double total = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%-16s %.2f s (gaia %.2f, ps1 %.2f, usnob %.2f)%n", name + ":", total, seconds.get(Catalogue.GAIA),
                seconds.get(Catalogue.PS1), seconds.get(Catalogue.USNOB));
        out.flush();
        return new Timed(total, rows, all);
    }

    /** Names the first cone whose neighbourhoods differ, and its first differing row from each path. */
    private static void firstDifference(List<PlanTile> plan, List<List<List<String>>> vizier, List<List<List<String>>> mirror,
                                        PrintWriter out) {
        for (int i = 0; i < vizier.size(); i++) {
            List<List<String>> a = vizier.get(i);
            List<List<String>> b = mirror.get(i);
            if (!a.equals(b)) {
                int row = 0;
                while (row < Math.min(a.size(), b.size()) && a.get(row).equals(b.get(row))) {
                    row++;
                }
                out.printf(Locale.ROOT, "first difference: %s %s, %,d rows from VizieR, %,d from the mirror; row %d: vizier %s, mirror %s%n",
                        plan.get(i / CATALOGUES.size()).tileId(), CATALOGUES.get(i % CATALOGUES.size()).label(), a.size(), b.size(), row,
                        row < a.size() ? a.get(row) : "(none)", row < b.size() ? b.get(row) : "(none)");
                return;
            }
        }
    }

    /** Stars uniform over each pixel, with values printed as VizieR prints them (the mirror's decimals). */
    private Map<Long, List<String[]>> syntheticSky(Catalogue c, NestedHealpix grid, java.util.Set<Long> pixels, int perDeg2) {
        Map<Long, List<String[]>> rows = new HashMap<>();
        double pixelArea = 41252.96 / grid.pixelCount();
        for (long pixel : pixels) {
            SplittableRandom rng = new SplittableRandom(seed ^ (pixel * 0x9E3779B97F4A7C15L) ^ c.ordinal());
            int n = (int) Math.round(perDeg2 * pixelArea);
            List<String[]> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                double[] p = grid.point(pixel, rng.nextDouble(), rng.nextDouble());
                list.add(row(c, pixel, i, p[0], p[1], rng));
            }
            rows.put(pixel, list);
        }
        return rows;
    }

    private static String[] row(Catalogue c, long pixel, int i, double ra, double dec, SplittableRandom rng) {
        double mag = 12 + 9 * rng.nextDouble();
        return switch (c) {
            case GAIA -> new String[] {f(11, ra), f(11, dec), f(6, mag), f(6, mag + 0.4), f(6, mag - 0.5), f(3, 10 * rng.nextGaussian()),
                f(3, 10 * rng.nextGaussian()), f(4, 1 + rng.nextGaussian()), ""};
            case PS1 -> new String[] {Long.toString(100_000_000_000_000_000L + pixel * 1_000_000L + i), f(9, ra), f(9, dec),
                Integer.toString(3 + rng.nextInt(60)), f(4, mag + 0.3), f(4, mag), f(4, mag - 0.2), rng.nextInt(10) == 0 ? "" : f(4, mag - 0.3),
                f(4, mag - 0.4), ""};
            case USNOB -> new String[] {f(6, ra), f(6, dec), f(2, mag), f(2, mag + 0.1), f(2, mag + 0.9), f(2, mag + 1), f(2, mag - 0.4),
                Long.toString(Math.round(8 * rng.nextGaussian())), Long.toString(Math.round(8 * rng.nextGaussian())), ""};
            case PS1_BRIGHT -> throw new IllegalArgumentException("bright stars come from MAST");
        };
    }

    /** The bulk file of a catalogue: its stored column names (Gaia's archive names), values as text. */
    private static void writeBulk(Catalogue c, Map<Long, List<String[]>> rows, Path file) throws IOException {
        MirrorSchema schema = MirrorSchema.serving(c);
        List<MirrorSchema.Output> outputs = schema.outputs(c);
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
                StandardCharsets.UTF_8))) {
            List<String> header = new ArrayList<>();
            List<Integer> from = new ArrayList<>();
            for (MirrorSchema.Output o : outputs) {
                if (o.field() != null) {
                    header.add(o.field());
                    from.add(c.columns().indexOf(o.column()));
                }
            }
            w.write(String.join(",", header));
            w.write('\n');
            for (List<String[]> list : rows.values()) {
                for (String[] r : list) {
                    for (int k = 0; k < from.size(); k++) {
                        if (k > 0) {
                            w.write(',');
                        }
                        w.write(r[from.get(k)]);
                    }
                    w.write('\n');
                }
            }
        }
    }

    private static List<String[]> cone(Catalogue catalogue, Map<Long, List<String[]>> rows, NestedHealpix grid, double ra, double dec,
                                       double radiusDeg) {
        int raCol = catalogue.columns().indexOf("ra");
        List<String[]> out = new ArrayList<>();
        for (long p : HealpixCone.pixels(grid, ra, dec, radiusDeg)) {
            for (String[] r : rows.getOrDefault(p, List.of())) {
                if (SkyGeometry.separationDeg(ra, dec, Double.parseDouble(r[raCol]), Double.parseDouble(r[raCol + 1])) <= radiusDeg) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String f(int decimals, double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
