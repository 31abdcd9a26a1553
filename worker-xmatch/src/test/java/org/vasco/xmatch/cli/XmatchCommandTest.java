package org.vasco.xmatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.TanProjection;
import picocli.CommandLine;

/** {@code vasco xmatch} against an O(n·m) brute force on random tables, including RA 0/360 and both poles. */
class XmatchCommandTest {

    @TempDir
    Path dir;

    record Pair(int id1, int id2, double sep) {
    }

    record Result(int exit, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new XmatchCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A table of n random positions within halfSize degrees (tangent plane) of a centre; columns id,name,ra,dec,pmra,pmdec. */
    private static double[][] table(Random random, double ra0, double dec0, double halfSize, int n, boolean pm) {
        TanProjection tan = new TanProjection(ra0, dec0);
        double[][] t = new double[4][n];
        for (int i = 0; i < n; i++) {
            double[] p = tan.deproject((random.nextDouble() * 2 - 1) * halfSize, (random.nextDouble() * 2 - 1) * halfSize);
            t[0][i] = p[0];
            t[1][i] = p[1];
            t[2][i] = pm && i % 7 != 0 ? random.nextGaussian() * 300 : Double.NaN;
            t[3][i] = pm && i % 7 != 0 ? random.nextGaussian() * 300 : Double.NaN;
        }
        return t;
    }

    private Path write(String name, double[][] t, String raName, String decName) throws IOException {
        StringBuilder s = new StringBuilder("id,name," + raName + "," + decName + ",pmRA,pmDE\n");
        for (int i = 0; i < t[0].length; i++) {
            s.append(i).append(",\"star, ").append(i).append(" \"\"q\"\"\",").append(t[0][i]).append(',').append(t[1][i])
                    .append(',').append(Double.isNaN(t[2][i]) ? "" : Double.toString(t[2][i]))
                    .append(',').append(Double.isNaN(t[3][i]) ? "" : Double.toString(t[3][i])).append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, s.toString());
        return p;
    }

    private static List<Pair> brute(double[][] t1, double[][] t2, double radius, String mode) {
        List<Pair> all = new ArrayList<>();
        for (int i = 0; i < t1[0].length; i++) {
            for (int j = 0; j < t2[0].length; j++) {
                double sep = SkyGeometry.separationArcsec(t1[0][i], t1[1][i], t2[0][j], t2[1][j]);
                if (sep <= radius) {
                    all.add(new Pair(i, j, sep));
                }
            }
        }
        Comparator<Pair> byRow1 = Comparator.comparingInt(Pair::id1).thenComparingDouble(Pair::sep).thenComparingInt(Pair::id2);
        all.sort(byRow1);
        List<Pair> out = new ArrayList<>();
        if (mode.equals("all")) {
            return all;
        }
        if (mode.equals("best1")) {
            int last = -1;
            for (Pair p : all) {
                if (p.id1() != last) {
                    out.add(p);
                    last = p.id1();
                }
            }
            return out;
        }
        List<Pair> bySep = new ArrayList<>(all);
        bySep.sort(Comparator.comparingDouble(Pair::sep).thenComparingInt(Pair::id1).thenComparingInt(Pair::id2));
        Set<Integer> used1 = new HashSet<>();
        Set<Integer> used2 = new HashSet<>();
        for (Pair p : bySep) {
            if (used1.add(p.id1())) {
                if (used2.add(p.id2())) {
                    out.add(p);
                } else {
                    used1.remove(p.id1());
                }
            }
        }
        out.sort(byRow1);
        return out;
    }

    private static List<Pair> parse(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out);
        List<String> header = CsvTable.split(lines.get(0));
        int id1 = header.indexOf("id_1");
        int id2 = header.indexOf("id_2");
        int sep = header.indexOf("separation_arcsec");
        List<Pair> pairs = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = CsvTable.split(line);
            assertThat(f).hasSize(header.size());
            assertThat(f.get(header.indexOf("name_1"))).isEqualTo("star, " + f.get(id1) + " \"q\"");
            pairs.add(new Pair(Integer.parseInt(f.get(id1)), Integer.parseInt(f.get(id2)), Double.parseDouble(f.get(sep))));
        }
        return pairs;
    }

    private void checkField(double ra0, double dec0, long seed) throws IOException {
        Random random = new Random(seed);
        double[][] t1 = table(random, ra0, dec0, 0.05, 150, false);
        double[][] t2 = table(random, ra0, dec0, 0.05, 300, false);
        Path in1 = write("a.csv", t1, "ra", "dec");
        Path in2 = write("b.csv", t2, "RAJ2000", "DEJ2000");
        for (String mode : List.of("best1", "best", "all")) {
            Path out = dir.resolve(mode + ".csv");
            Result r = run(in1.toString(), in2.toString(), "--radius", "25", "--find", mode, "--ra2", "RAJ2000",
                    "--dec2", "DEJ2000", "--out", out.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            List<Pair> expected = brute(t1, t2, 25, mode);
            assertThat(expected).as("enough pairs to mean something").hasSizeGreaterThan(20);
            List<Pair> actual = parse(out);
            assertThat(actual).extracting(Pair::id1).containsExactlyElementsOf(expected.stream().map(Pair::id1).toList());
            assertThat(actual).extracting(Pair::id2).containsExactlyElementsOf(expected.stream().map(Pair::id2).toList());
            for (int k = 0; k < expected.size(); k++) {
                assertThat(actual.get(k).sep()).isCloseTo(expected.get(k).sep(), within(1e-6));
            }
        }
    }

    @Test
    void equalsBruteForceOnAnOrdinaryField() throws IOException {
        checkField(210.0, -35.0, 1);
    }

    @Test
    void equalsBruteForceAcrossRaZero() throws IOException {
        checkField(0.0, 12.0, 2);
    }

    @Test
    void equalsBruteForceAtBothPoles() throws IOException {
        checkField(33.0, 89.98, 3);
        checkField(270.0, -90.0, 4);
    }

    @Test
    void headerSuffixesFollowFixcols() throws IOException {
        Random random = new Random(5);
        Path in1 = write("a.csv", table(random, 10, 10, 0.01, 5, false), "ra", "dec");
        Path in2 = write("b.csv", table(random, 10, 10, 0.01, 5, false), "RAJ2000", "DEJ2000");
        Path out = dir.resolve("o.csv");
        assertThat(run(in1.toString(), in2.toString(), "--radius", "1", "--ra2", "RAJ2000", "--dec2", "DEJ2000",
                "--fixcols", "dups", "--out", out.toString()).exit()).isZero();
        assertThat(Files.readAllLines(out).get(0))
                .isEqualTo("id_1,name_1,ra,dec,pmRA_1,pmDE_1,id_2,name_2,RAJ2000,DEJ2000,pmRA_2,pmDE_2,separation_arcsec");
    }

    @Test
    void propagatesIn2ToIn1sEpochBeforeMatching() throws IOException {
        Random random = new Random(6);
        double[][] t2 = table(random, 359.98, 45, 0.03, 300, true);
        // IN1 = IN2's stars at 1953.2, each nudged by up to 0.5″, plus unrelated positions
        double[][] moved = new double[2][300];
        double[] p = new double[2];
        for (int j = 0; j < 300; j++) {
            EpochPropagation.propagate(t2[0][j], t2[1][j], t2[2][j], t2[3][j], 2016.0, 1953.2, p);
            moved[0][j] = p[0];
            moved[1][j] = p[1];
        }
        double[][] t1 = table(random, 359.98, 45, 0.03, 200, false);
        for (int i = 0; i < 100; i++) {
            t1[0][i] = moved[0][i * 3] + (random.nextDouble() - 0.5) * 0.5 / 3600;
            t1[1][i] = moved[1][i * 3];
        }
        Path in1 = write("a.csv", t1, "ra", "dec");
        Path in2 = write("b.csv", t2, "ra", "dec");
        Path out = dir.resolve("pm.csv");
        Result r = run(in1.toString(), in2.toString(), "--radius", "3", "--epoch2", "2016.0", "--pmra2", "pmRA",
                "--pmdec2", "pmDE", "--to-epoch", "1953.2", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<Pair> expected = brute(t1, moved, 3, "best1");
        List<Pair> actual = parse(out);
        assertThat(actual).extracting(Pair::id2).containsExactlyElementsOf(expected.stream().map(Pair::id2).toList());
        assertThat(actual.stream().filter(x -> x.id1() < 100 && x.id2() == x.id1() * 3).count()).isGreaterThanOrEqualTo(95);
        // without propagation most high-proper-motion pairs are lost
        Path raw = dir.resolve("raw.csv");
        assertThat(run(in1.toString(), in2.toString(), "--radius", "3", "--out", raw.toString()).exit()).isZero();
        assertThat(parse(raw).size()).isLessThan(actual.size() / 2);
        assertThat(Files.readAllLines(out).get(0)).endsWith("ra_propagated_2,dec_propagated_2,separation_arcsec");
    }

    @Test
    void missingFilesColumnsAndBadValuesExitWith2AndOneLine() throws IOException {
        Path in1 = write("a.csv", table(new Random(7), 10, 10, 0.01, 3, false), "ra", "dec");
        Path out = dir.resolve("o.csv");
        Result missingFile = run(in1.toString(), dir.resolve("nope.csv").toString(), "--radius", "5", "--out", out.toString());
        assertThat(missingFile.exit()).isEqualTo(2);
        assertThat(missingFile.err().strip()).contains("nope.csv").contains("does not exist").doesNotContain("\n");
        Result missingColumn = run(in1.toString(), in1.toString(), "--radius", "5", "--ra2", "RA_ICRS", "--out", out.toString());
        assertThat(missingColumn.exit()).isEqualTo(2);
        assertThat(missingColumn.err().strip()).isEqualTo("vasco xmatch: IN2 '" + in1 + "' has no column 'RA_ICRS' "
                + "(columns: id, name, ra, dec, pmRA, pmDE)");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "ra,dec\n10,abc\n");
        Result badValue = run(in1.toString(), bad.toString(), "--radius", "5", "--out", out.toString());
        assertThat(badValue.exit()).isEqualTo(2);
        assertThat(badValue.err()).contains("record 1 column 'dec' is not a number: 'abc'");
        Result partialPm = run(in1.toString(), in1.toString(), "--radius", "5", "--epoch2", "2016", "--out", out.toString());
        assertThat(partialPm.exit()).isEqualTo(2);
        assertThat(run(in1.toString(), in1.toString(), "--radius", "5", "--find", "nearest", "--out", out.toString()).exit())
                .isEqualTo(2);
        assertThat(out).doesNotExist();
        assertThat(String.format(Locale.ROOT, "%d", Files.list(dir).filter(f -> f.getFileName().toString().endsWith(".tmp")).count()))
                .isEqualTo("0");
    }
}
