package org.vasco.local.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.catalog.NeighbourhoodCsv;
import org.vasco.common.task.Step;
import org.vasco.common.tile.TileId;
import org.vasco.extract.cli.ExtractCommand;
import org.vasco.testkit.sky.DenseTile;
import org.vasco.testkit.sky.SkySeedOption;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.xmatch.catalog.NeighbourhoodRadius;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench memory}: what one tile costs in memory.
 *
 * <p>xmatch: a dense synthetic tile (default 20,000 detections against Gaia, PS1 and USNO-B neighbourhoods of
 * 200,000 rows each, written as the worker's neighbourhood cache files) goes through step 4's science in a child
 * JVM ({@link DenseTileVeto}); the child reports its heap's peak ({@link PeakHeapProbe}). Then the smallest
 * {@code -Xmx} at which the tile still completes is found by bisection (to {@code --resolution} MiB).
 *
 * <p>extract: a default 60′ synthetic tile is extracted by {@code vasco extract} (SExtractor pass 1, PSFEx,
 * pass 2) in a child JVM; its heap peak and the peak resident set (VmHWM) of the JVM and of every SExtractor and
 * PSFEx process are recorded ({@link ProcessTreeMemory}).
 *
 * <p>Ends with one line: {@code xmatch heap: <live> MiB live at most, completes with -Xmx<min>m; extract: JVM heap
 * <peak> MiB at its peak, JVM RSS <r> MiB, source-extractor <r> MiB RSS, psfex <r> MiB RSS}.
 * Exit codes: 0 measured, 1 a child failed, 2 bad options.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Measure the xmatch worker's peak heap on a dense tile and the extract worker's footprint on a"
                + " default tile.")
public final class BenchMemoryCommand implements Callable<Integer> {

    private static final double PLATE_EPOCH = 1953.2;

    @Spec
    CommandSpec spec;

    @Option(names = "--detections", defaultValue = "20000", description = "Detections of the dense tile (default ${DEFAULT-VALUE})")
    int detections;

    @Option(names = "--catalogue-rows", defaultValue = "200000",
            description = "Sources in the dense tile's neighbourhood: rows of each of Gaia, PS1, USNO-B (default ${DEFAULT-VALUE})")
    int catalogueRows;

    @Option(names = "--tile", defaultValue = "tile_RA130.013_DECp33.081",
            description = "Tile of the extract measurement and centre of the dense tile (default ${DEFAULT-VALUE})")
    String tile;

    @Option(names = "--xmx", defaultValue = "2048", paramLabel = "MiB",
            description = "Heap of the first xmatch run and upper end of the search (default ${DEFAULT-VALUE})")
    int xmxMiB;

    @Option(names = "--resolution", defaultValue = "16", paramLabel = "MiB", description = "Resolution of the smallest-heap search (default ${DEFAULT-VALUE})")
    int resolutionMiB;

    @Option(names = "--no-search", description = "Skip the smallest-heap search")
    boolean noSearch;

    @Option(names = "--skip-extract", description = "Measure only the xmatch worker")
    boolean skipExtract;

    @Mixin
    SkySeedOption seed;

    @Mixin
    WorkDirOption dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TileId tileId;
        try {
            tileId = TileId.of(tile);
        } catch (IllegalArgumentException e) {
            err.println("vasco bench memory: --tile: " + e.getMessage());
            return 2;
        }
        if (detections <= 0 || catalogueRows <= 0 || xmxMiB < 64 || resolutionMiB <= 0) {
            err.println("vasco bench memory: --detections and --catalogue-rows must be positive, --xmx at least 64, --resolution positive");
            return 2;
        }
        Path work = dir.directory("vasco-bench-memory");
        out.println(BenchXmatchCommand.machine());
        out.println("working directory: " + work);

        // xmatch
        Path xmatchDir = Files.createDirectories(work.resolve(Step.XMATCH.label()));
        double coneArcmin = new NeighbourhoodRadius(SyntheticSky.DEFAULT_SIZE_ARCMIN).arcmin(Catalogue.GAIA);
        DenseTile dense = DenseTile.generate(tileId.raDeg(), tileId.decDeg(), coneArcmin, 30.0, catalogueRows, detections,
                PLATE_EPOCH, seed.seed());
        writeDenseTile(dense, xmatchDir);
        out.printf(Locale.ROOT, "xmatch: dense tile at %s: %,d detections; Gaia %,d, PS1 %,d, USNO-B %,d rows in a %.1f′ cone;"
                        + " %,d bright stars; cache files %,d bytes%n", tileId, detections, dense.gaia().size(), dense.ps1().size(),
                dense.usnob().size(), coneArcmin, dense.brightStars().size(), directorySize(xmatchDir));
        out.flush();
        XmatchRun generous = xmatchRun(xmatchDir, tileId, xmxMiB, work.resolve("xmatch-run-" + xmxMiB + "m.log"));
        if (!generous.completed()) {
            err.println("vasco bench memory: the dense tile did not complete with -Xmx" + xmxMiB + "m; the end of its log:");
            err.println(ChildProcessTimer.tail(generous.run().log(), 15));
            return 1;
        }
        out.printf(Locale.ROOT, "  -Xmx%dm: completed in %.1f s, heap %d MiB at its peak, %d MiB live after a collection at most%s%n",
                xmxMiB, generous.run().seconds(), generous.peakHeapBytes() >> 20, generous.liveHeapBytes() >> 20,
                generous.run().cpuAndRss());
        out.flush();
        int smallest = xmxMiB;
        if (!noSearch) {
            int fails = 0;
            while (smallest - fails > resolutionMiB) {
                int mid = (fails + smallest) / 2;
                XmatchRun attempt = xmatchRun(xmatchDir, tileId, mid, work.resolve("xmatch-run-" + mid + "m.log"));
                out.printf(Locale.ROOT, "  -Xmx%dm: %s in %.1f s%n", mid, attempt.completed() ? "completed" : "FAILED (out of memory)",
                        attempt.run().seconds());
                out.flush();
                if (attempt.completed()) {
                    smallest = mid;
                } else {
                    fails = mid;
                }
            }
            out.printf(Locale.ROOT, "  smallest heap that completes the dense tile: -Xmx%dm (to %d MiB)%n", smallest, resolutionMiB);
        }

        if (skipExtract) {
            out.printf(Locale.ROOT, "xmatch heap: %d MiB live at most, completes with -Xmx%dm; extract: not measured%n",
                    generous.liveHeapBytes() >> 20, smallest);
            out.flush();
            return 0;
        }

        // extract
        Path extractDir = Files.createDirectories(work.resolve(Step.EXTRACT.label()));
        SyntheticSky sky = SyntheticSky.withSeed(seed.seed());
        SkyTile rendered = sky.render(tileId, SyntheticSky.nearestPlate(tileId.raDeg(), tileId.decDeg()).plateId());
        Path fits = rendered.writeTo(extractDir.resolve("tile"));
        out.printf(Locale.ROOT, "extract: synthetic %s, %.0f′, %d×%d pixels, %,d objects: %s%n", tileId, rendered.sizeArcmin(),
                rendered.naxis(), rendered.naxis(), rendered.truth().size(), fits);
        Path report = extractDir.resolve("peak-heap.properties");
        List<String> command = ChildJvm.command(List.of("-XX:+ExitOnOutOfMemoryError"), PeakHeapProbe.class.getName(),
                List.of(report.toString(), ChildJvm.VASCO_MAIN, ChildJvm.subcommand(ExtractCommand.class), "--fits",
                        fits.toString(), "--out",
                        extractDir.resolve("out").toString()));
        ProcessTreeMemory[] tree = new ProcessTreeMemory[1];
        ChildProcessTimer.Timed run = ChildProcessTimer.run(command, work.resolve("extract-run.log"), handle -> {
            tree[0] = new ProcessTreeMemory(handle, 20);
            return tree[0];
        });
        if (!run.succeeded()) {
            err.println("vasco bench memory: vasco extract exited with " + run.exitCode() + "; the end of its log:");
            err.println(ChildProcessTimer.tail(run.log(), 15));
            return 1;
        }
        Properties extractReport = properties(report);
        long extractHeap = Long.parseLong(extractReport.getProperty("peak_heap_bytes"));
        long extractLive = Long.parseLong(extractReport.getProperty("live_heap_bytes"));
        Map<String, Long> rss = tree[0].peaks();
        out.printf(Locale.ROOT, "  vasco extract completed in %.1f s; JVM heap %d MiB at its peak, %d MiB live after a collection"
                        + " at most (default -Xmx %d MiB)%n", run.seconds(), extractHeap >> 20, extractLive >> 20,
                Long.parseLong(extractReport.getProperty("max_heap_bytes")) >> 20);
        rss.forEach((name, kib) -> out.printf(Locale.ROOT, "  peak RSS (VmHWM) %-16s %4d MiB%n", name, kib >> 10));
        out.printf(Locale.ROOT, "xmatch heap: %d MiB live at most, completes with -Xmx%dm; extract: JVM heap %d MiB at its peak,"
                        + " JVM RSS %d MiB, source-extractor %d MiB RSS, psfex %d MiB RSS%n",
                generous.liveHeapBytes() >> 20, smallest, extractHeap >> 20, rss.getOrDefault("java", 0L) >> 10,
                rss.entrySet().stream().filter(e -> e.getKey().startsWith("source-extr") || e.getKey().equals("sex"))
                        .mapToLong(Map.Entry::getValue).max().orElse(0) >> 10,
                rss.getOrDefault("psfex", 0L) >> 10);
        out.flush();
        return 0;
    }

    /** One run of step 4 on the dense tile in a child JVM with the given heap. */
    private record XmatchRun(ChildProcessTimer.Timed run, long peakHeapBytes, long liveHeapBytes) {
        boolean completed() {
            return run.succeeded();
        }
    }

    private XmatchRun xmatchRun(Path xmatchDir, TileId tileId, int heapMiB, Path log) throws IOException, InterruptedException {
        Path report = log.resolveSibling(log.getFileName() + ".heap");
        List<String> command = ChildJvm.command(List.of("-Xmx" + heapMiB + "m", "-XX:+ExitOnOutOfMemoryError"),
                PeakHeapProbe.class.getName(), List.of(report.toString(), DenseTileVeto.class.getName(), xmatchDir.toString(),
                        Double.toString(tileId.raDeg()), Double.toString(tileId.decDeg()), Double.toString(PLATE_EPOCH)));
        Files.deleteIfExists(report);
        ChildProcessTimer.Timed run = ChildProcessTimer.run(command, log);
        Properties heap = Files.isRegularFile(report) ? properties(report) : new Properties();
        return new XmatchRun(run, Long.parseLong(heap.getProperty("peak_heap_bytes", "0")),
                Long.parseLong(heap.getProperty("live_heap_bytes", "0")));
    }

    private static void writeDenseTile(DenseTile dense, Path dir) throws IOException {
        for (CatalogueNeighbourhood n : List.of(dense.gaia(), dense.ps1(), dense.usnob(), dense.brightStars())) {
            try (OutputStream o = Files.newOutputStream(DenseTileVeto.file(dir, n.catalogue()))) {
                NeighbourhoodCsv.write(n.catalogue(), n.rows(), o);
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("detections.csv"), StandardCharsets.US_ASCII)) {
            w.write("ra,dec\n");
            for (int i = 0; i < dense.detectionRa().length; i++) {
                w.write(dense.detectionRa()[i] + "," + dense.detectionDec()[i] + "\n");
            }
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
