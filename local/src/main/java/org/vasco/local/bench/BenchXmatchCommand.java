package org.vasco.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vasco.common.sky.match.MatchMode;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.extract.tool.ToolNotFoundException;
import org.vasco.testkit.sky.MatchField;
import org.vasco.xmatch.cli.XmatchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench xmatch}: {@code vasco xmatch} against STILTS {@code tskymatch2} on the same two CSV files.
 * The files are a synthetic tile's detections and its catalogue neighbourhood ({@link MatchField}, fixed seed).
 * Both tools run as child processes with their default JVM settings and are timed the same way (wall time from
 * start to exit: JVM start-up, reading the CSVs, matching, writing the pairs); {@code vasco xmatch} runs through
 * the {@code vasco} entry point, exactly as a user runs it. Each tool runs {@code --runs} times, alternating, and
 * the fastest run counts (the first is cold: the page cache and the JIT of neither tool are warm). Then the two
 * outputs are compared pair for pair. STILTS is needed only here, never at run time.
 * Exit codes: 0 measured (whatever the result), 2 bad options or STILTS missing, 1 a tool failed.
 */
@Command(name = "xmatch", mixinStandardHelpOptions = true,
        description = "Time vasco xmatch against STILTS tskymatch2 on the same CSV files and compare their pairs.")
public final class BenchXmatchCommand implements Callable<Integer> {

    /** The tolerance within which the two tools' separations count as equal. */
    static final double SEPARATION_TOLERANCE_ARCSEC = 1e-6;
    static final String STILTS_INSTALL = "apt-get install -y stilts";

    @Spec
    CommandSpec spec;

    @Option(names = "--rows1", defaultValue = "100000", description = "Rows of table 1, the detections (default ${DEFAULT-VALUE})")
    int rows1;

    @Option(names = "--rows2", defaultValue = "2000000", description = "Rows of table 2, the catalogue (default ${DEFAULT-VALUE})")
    int rows2;

    @Option(names = "--radius", defaultValue = "5", paramLabel = "ARCSEC", description = "Match radius, arcsec (default ${DEFAULT-VALUE})")
    double radiusArcsec;

    @Option(names = "--find", defaultValue = "best1", paramLabel = "best1|all",
            description = "Pair mode, as STILTS find= (default ${DEFAULT-VALUE})")
    String find;

    @Option(names = "--field", defaultValue = "tile", paramLabel = "tile|ra-wrap|pole",
            description = "Where the field lies (default ${DEFAULT-VALUE})")
    String field;

    @Option(names = "--runs", defaultValue = "2", description = "Runs of each tool; the fastest counts (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--seed", defaultValue = "20261126", description = "Seed of the synthetic tables (default ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    WorkDirOption dir;

    @Option(names = "--stilts", paramLabel = "PATH", description = "The stilts launcher (default: stilts on PATH)")
    String stilts;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MatchMode mode;
        MatchField.Centre centre;
        try {
            mode = MatchMode.parse(find);
            centre = MatchField.Centre.parse(field);
        } catch (IllegalArgumentException e) {
            err.println("vasco bench xmatch: " + e.getMessage());
            return 2;
        }
        if (mode == MatchMode.BEST || rows1 <= 0 || rows2 <= 0 || runs <= 0 || !(radiusArcsec > 0)) {
            err.println("vasco bench xmatch: --find must be best1 or all, and --rows1, --rows2, --runs and --radius positive");
            return 2;
        }
        Path stiltsLauncher;
        try {
            stiltsLauncher = ToolLocator.system().locate("STILTS", Optional.ofNullable(stilts), List.of("stilts"), "--stilts");
        } catch (ToolNotFoundException e) {
            err.println("vasco bench xmatch: STILTS is not installed (" + e.getMessage() + ").");
            err.println("It is needed only by this benchmark, never at run time. Install it with:  " + STILTS_INSTALL);
            return 2;
        }
        Path work = dir.directory("vasco-bench-xmatch");
        out.println(machine());
        out.printf(Locale.ROOT, "tables: %,d detections (1° tile) × %,d catalogue rows (2° neighbourhood), field %s,"
                + " %s″, find=%s, seed %d, in %s%n", rows1, rows2, centre.label(), number(radiusArcsec), mode.label(), seed, work);
        MatchField tables = MatchField.generate(centre, rows1, rows2, seed);
        Path in1 = work.resolve("detections.csv");
        Path in2 = work.resolve("catalogue.csv");
        BenchTables.write(in1, tables.ra1(), tables.dec1(), seed);
        BenchTables.write(in2, tables.ra2(), tables.dec2(), seed + 1);
        out.printf(Locale.ROOT, "  %s %,d bytes, %s %,d bytes%n", in1.getFileName(), Files.size(in1), in2.getFileName(), Files.size(in2));
        out.flush();

        Path vascoOut = work.resolve("vasco-pairs.csv");
        Path stiltsOut = work.resolve("stilts-pairs.csv");
        List<String> vasco = vascoCommand(in1, in2, mode, vascoOut);
        List<String> stiltsCommand = stiltsCommand(stiltsLauncher, in1, in2, mode, stiltsOut);
        out.println("vasco:  " + String.join(" ", vasco.subList(vasco.indexOf(ChildJvm.VASCO_MAIN), vasco.size())));
        out.println("stilts: " + String.join(" ", stiltsCommand));
        double bestVasco = Double.POSITIVE_INFINITY;
        double bestStilts = Double.POSITIVE_INFINITY;
        for (int run = 1; run <= runs; run++) {
            ChildProcessTimer.Timed s = ChildProcessTimer.run(stiltsCommand, work.resolve("stilts-run" + run + ".log"));
            if (!s.succeeded()) {
                return failed(err, "stilts", s);
            }
            ChildProcessTimer.Timed v = ChildProcessTimer.run(vasco, work.resolve("vasco-run" + run + ".log"));
            if (!v.succeeded()) {
                return failed(err, "vasco xmatch", v);
            }
            out.printf(Locale.ROOT, "run %d%s: stilts %.2f s%s, vasco %.2f s%s%n", run, run == 1 ? " (cold)" : "",
                    s.seconds(), s.cpuAndRss(), v.seconds(), v.cpuAndRss());
            out.flush();
            bestVasco = Math.min(bestVasco, v.seconds());
            bestStilts = Math.min(bestStilts, s.seconds());
        }

        PairSet ours = PairSet.read(vascoOut, "separation_arcsec");
        PairSet theirs = PairSet.read(stiltsOut, "Separation");
        PairSet.Comparison diff = ours.compare(theirs);
        boolean identical = diff.identical(SEPARATION_TOLERANCE_ARCSEC);
        out.printf(Locale.ROOT, "pairs: vasco %,d, stilts %,d; only in vasco %d, only in stilts %d;"
                        + " largest separation difference %.3g″ (tolerance %.0e″)%n",
                ours.size(), theirs.size(), diff.onlyInFirst(), diff.onlyInSecond(), diff.maxSeparationDifferenceArcsec(),
                SEPARATION_TOLERANCE_ARCSEC);
        out.printf(Locale.ROOT, "stilts: %.2fs, vasco: %.2fs, ratio: %.2fx, pairs identical: %s%n",
                bestStilts, bestVasco, bestStilts / bestVasco, identical ? "yes" : "no");
        out.flush();
        return 0;
    }

    /** {@code vasco xmatch} in a child JVM of the same Java and class path, with default JVM settings, as ./vasco runs it. */
    private List<String> vascoCommand(Path in1, Path in2, MatchMode mode, Path output) {
        return ChildJvm.command(List.of(), ChildJvm.VASCO_MAIN, List.of(ChildJvm.subcommand(XmatchCommand.class), in1.toString(),
                in2.toString(),
                "--radius", number(radiusArcsec), "--find", mode.label(), "--ra1", "ra", "--dec1", "dec", "--ra2", "ra",
                "--dec2", "dec", "--out", output.toString()));
    }

    private List<String> stiltsCommand(Path launcher, Path in1, Path in2, MatchMode mode, Path output) {
        return List.of(launcher.toString(), "tskymatch2", "in1=" + in1, "ifmt1=csv", "in2=" + in2, "ifmt2=csv",
                "ra1=ra", "dec1=dec", "ra2=ra", "dec2=dec", "error=" + number(radiusArcsec), "join=1and2",
                "find=" + mode.label(), "out=" + output, "ofmt=csv");
    }

    private static int failed(PrintWriter err, String tool, ChildProcessTimer.Timed run) {
        err.println("vasco bench xmatch: " + tool + " exited with " + run.exitCode() + "; the end of " + run.log() + ":");
        err.println(ChildProcessTimer.tail(run.log(), 15));
        return 1;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The machine, as docs/performance.md quotes it: cores, memory, OS, Java, load when the run started. */
    static String machine() {
        Runtime rt = Runtime.getRuntime();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long physical = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return String.format(Locale.ROOT, "machine: %d cores, %s RAM, %s %s, Java %s; load average %.2f at start",
                rt.availableProcessors(), physical > 0 ? (physical >> 30) + " GiB" : "unknown", System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), load);
    }
}
