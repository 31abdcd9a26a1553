package org.vasco.xmatch.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.common.sky.match.MatchMode;
import org.vasco.common.sky.match.MatchPairs;
import org.vasco.common.sky.match.SkyIndex;
import org.vasco.common.sky.match.SkyMatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vasco xmatch IN1 IN2 --radius ARCSEC [--find best1|best|all] --out FILE}: the positional
 * matcher of step 4 on two CSV tables, with the pair semantics of STILTS {@code tskymatch2}
 * ({@code join=1and2}). The output has IN1's columns suffixed {@code _1}, IN2's suffixed {@code _2}
 * ({@code --fixcols dups} suffixes only names that clash, as STILTS does by default), optionally the
 * propagated IN2 position, and {@code separation_arcsec}. Input rows are copied through as they were
 * written. With {@code --epoch2 --pmra2 --pmdec2 --to-epoch} IN2 is moved to IN1's epoch first, by the
 * same code as the veto chain. The output is written to a temporary file and renamed into place.
 * Exit codes: 0 done, 2 bad input or usage (one line on stderr).
 */
@Command(name = "xmatch", mixinStandardHelpOptions = true,
        description = "Cross-match two CSV tables on the sky (STILTS tskymatch2 semantics, join=1and2).")
public final class XmatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN1", description = "First table (CSV, optionally .gz)")
    Path in1;

    @Parameters(index = "1", paramLabel = "IN2", description = "Second table (CSV, optionally .gz)")
    Path in2;

    @Option(names = "--radius", required = true, paramLabel = "ARCSEC", description = "Maximum separation, arcsec (inclusive)")
    double radiusArcsec;

    @Option(names = "--find", defaultValue = "best1", paramLabel = "MODE",
            description = "best1: nearest IN2 row for each IN1 row; best: one-to-one best pairs; all: every pair (default ${DEFAULT-VALUE})")
    String find;

    @Option(names = "--ra1", defaultValue = "ra", description = "RA column of IN1, degrees (default ${DEFAULT-VALUE})")
    String ra1;

    @Option(names = "--dec1", defaultValue = "dec", description = "Dec column of IN1, degrees (default ${DEFAULT-VALUE})")
    String dec1;

    @Option(names = "--ra2", defaultValue = "ra", description = "RA column of IN2, degrees (default ${DEFAULT-VALUE})")
    String ra2;

    @Option(names = "--dec2", defaultValue = "dec", description = "Dec column of IN2, degrees (default ${DEFAULT-VALUE})")
    String dec2;

    @Option(names = "--epoch2", paramLabel = "YEAR", description = "Epoch of IN2's positions (e.g. 2016.0 for Gaia DR3)")
    Double epoch2;

    @Option(names = "--pmra2", paramLabel = "COL", description = "IN2 proper motion in RA, mu_alpha*cos(dec), mas/yr")
    String pmra2;

    @Option(names = "--pmdec2", paramLabel = "COL", description = "IN2 proper motion in Dec, mas/yr")
    String pmdec2;

    @Option(names = "--to-epoch", paramLabel = "YEAR", description = "IN1's epoch: IN2 is propagated to it before matching")
    Double toEpoch;

    @Option(names = "--fixcols", defaultValue = "all", paramLabel = "all|dups",
            description = "Suffix all columns (all) or only clashing ones (dups) with _1/_2 (default ${DEFAULT-VALUE})")
    String fixcols;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output CSV of the matched pairs")
    Path out;

    @Override
    public Integer call() {
        try {
            run();
            return 0;
        } catch (XmatchInputException e) {
            spec.commandLine().getErr().println("vasco xmatch: " + e.getMessage());
            return 2;
        }
    }

    private void run() {
        MatchMode mode;
        try {
            mode = MatchMode.parse(find);
        } catch (IllegalArgumentException e) {
            throw new XmatchInputException("--find: " + e.getMessage());
        }
        if (!(radiusArcsec >= 0) || Double.isInfinite(radiusArcsec)) {
            throw new XmatchInputException("--radius must be a non-negative number of arcsec, found " + radiusArcsec);
        }
        if (!fixcols.equals("all") && !fixcols.equals("dups")) {
            throw new XmatchInputException("--fixcols must be all or dups, found '" + fixcols + "'");
        }
        boolean propagate = epoch2 != null || pmra2 != null || pmdec2 != null || toEpoch != null;
        if (propagate && (epoch2 == null || pmra2 == null || pmdec2 == null || toEpoch == null)) {
            throw new XmatchInputException("proper-motion propagation needs all of --epoch2, --pmra2, --pmdec2 and --to-epoch");
        }
        CsvTable t1 = CsvTable.read(in1, "IN1 '" + in1 + "'");
        double[] r1 = t1.numbers(ra1);
        double[] d1 = t1.numbers(dec1);
        CsvTable t2 = CsvTable.read(in2, "IN2 '" + in2 + "'");
        double[] r2 = t2.numbers(ra2);
        double[] d2 = t2.numbers(dec2);
        int[] sourceRow = null;
        if (propagate) {
            EpochPropagation.Propagated moved = EpochPropagation.propagate(r2, d2, t2.numbers(pmra2), t2.numbers(pmdec2),
                    epoch2, toEpoch);
            r2 = moved.ra();
            d2 = moved.dec();
            sourceRow = moved.sourceRow();
        }
        SkyIndex index = SkyIndex.build(r2, d2, Math.max(radiusArcsec, 1e-3));
        MatchPairs pairs = SkyMatcher.match(r1, d1, index, radiusArcsec, mode);
        write(t1, t2, pairs, propagate ? r2 : null, propagate ? d2 : null, sourceRow);
    }

    private void write(CsvTable t1, CsvTable t2, MatchPairs pairs, double[] movedRa, double[] movedDec, int[] sourceRow) {
        Path target = out.toAbsolutePath();
        Path temp;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        } catch (IOException e) {
            throw new XmatchInputException("cannot write " + out + ": " + e.getMessage());
        }
        try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
             PrintWriter p = new PrintWriter(w)) {
            p.print(String.join(",", outputHeader(t1.header(), t2.header(), movedRa != null)));
            p.print('\n');
            StringBuilder line = new StringBuilder(256);
            for (int k = 0; k < pairs.size(); k++) {
                int row2 = sourceRow == null ? pairs.row2(k) : sourceRow[pairs.row2(k)];
                line.setLength(0);
                line.append(t1.record(pairs.row1(k))).append(',').append(t2.record(row2));
                if (movedRa != null) {
                    line.append(',').append(movedRa[pairs.row2(k)]).append(',').append(movedDec[pairs.row2(k)]);
                }
                line.append(',').append(pairs.separationArcsec(k)).append('\n');
                p.append(line);
            }
            p.flush();
            if (p.checkError()) {
                throw new IOException("write failed");
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new XmatchInputException("cannot write " + out + ": " + e.getMessage());
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new XmatchInputException("cannot move the output into place at " + out + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println(pairs.size() + " pairs (" + MatchMode.parse(find).label() + ", "
                + radiusArcsec + "″) → " + out);
    }

    private List<String> outputHeader(List<String> h1, List<String> h2, boolean propagated) {
        boolean all = fixcols.equals("all");
        Set<String> names1 = new HashSet<>(h1);
        Set<String> names2 = new HashSet<>(h2);
        List<String> header = new ArrayList<>();
        for (String name : h1) {
            header.add(CsvTable.quote(all || names2.contains(name) ? name + "_1" : name));
        }
        for (String name : h2) {
            header.add(CsvTable.quote(all || names1.contains(name) ? name + "_2" : name));
        }
        if (propagated) {
            header.add("ra_propagated_2");
            header.add("dec_propagated_2");
        }
        header.add("separation_arcsec");
        return header;
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the temporary file is hidden and named as such; the error that brought us here is reported
        }
    }
}
