package org.vasco.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The parts of {@code vasco bench xmatch} that decide its verdict; the timings themselves are never asserted. */
class BenchXmatchCommandTest {

    @Test
    void missingStiltsIsReportedWithTheInstallCommand(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchXmatchCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("--rows1", "10", "--rows2", "10", "--dir", dir.toString(),
                "--stilts", dir.resolve("no-such-stilts").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("STILTS is not installed", "apt-get install -y stilts", "never at run time");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void pairSetsAreComparedByRowsAndSeparation(@TempDir Path dir) throws Exception {
        Path ours = dir.resolve("ours.csv");
        Path theirs = dir.resolve("theirs.csv");
        Files.writeString(ours, "id_1,ra_1,id_2,separation_arcsec\n0,1.0,7,1.25\n1,1.0,3,0.5\n2,1.0,9,4.0\n");
        Files.writeString(theirs, "id_1,ra_1,id_2,Separation\n1,1.0,3,0.5000000000004\n0,1.0,7,1.25\n2,1.0,8,4.0\n");

        PairSet.Comparison diff = PairSet.read(ours, "separation_arcsec").compare(PairSet.read(theirs, "Separation"));

        assertThat(diff.onlyInFirst()).isEqualTo(1);
        assertThat(diff.onlyInSecond()).isEqualTo(1);
        assertThat(diff.maxSeparationDifferenceArcsec()).isLessThan(1e-9);
        assertThat(diff.identical(1e-6)).isFalse();
    }

    @Test
    void separationsBeyondTheToleranceMakeSetsDiffer(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Files.writeString(a, "id_1,id_2,s\n0,7,1.25\n");
        Files.writeString(b, "id_1,id_2,s\n0,7,1.250002\n");

        PairSet.Comparison diff = PairSet.read(a, "s").compare(PairSet.read(b, "s"));

        assertThat(diff.onlyInFirst() + diff.onlyInSecond()).isZero();
        assertThat(diff.identical(BenchXmatchCommand.SEPARATION_TOLERANCE_ARCSEC)).isFalse();
        assertThat(diff.identical(1e-5)).isTrue();
    }
}
