package org.vasco.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vasco bench catalog} on one tile of a thin synthetic sky: the mirror and the VizieR loopback give the same
 * neighbourhoods and the bench ends with its quotable line. The speed-up itself is never asserted.
 */
class BenchCatalogCommandTest {

    @Test
    void endsWithTheSpeedUpAndWhetherTheNeighbourhoodsAreIdentical(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCatalogCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("--tiles", "1", "--density", "200", "--dir", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("neighbourhoods: [0-9,]+ rows over 3 cones; cell for cell the same"));
        assertThat(lines.get(lines.size() - 1)).matches("mirror: \\d+\\.\\dx faster, neighbourhoods identical: yes");
        assertThat(dir.resolve("gaia-mirror").resolve("MANIFEST.json")).exists();
    }

    @Test
    void refusesAnEmptyBench(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCatalogCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("--tiles", "0", "--dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tiles must be in [1, 500]");
        assertThat(dir).isEmptyDirectory();
    }
}
