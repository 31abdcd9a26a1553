package org.vasco.testkit.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.tile.TileId;
import picocli.CommandLine;

class SkyRenderCommandTest {

    @Test
    void rendersATileIntoTheOutputDirectoryExactlyAsTheApi(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SkyRenderCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--tile", "tile_RA130.013_DECp33.081", "--plate", "XE258", "--seed", "5",
                "--size-arcmin", "8", "--dss-polynomial", "--out", dir.toString());
        assertThat(code).isZero();
        Path fits = dir.resolve("dss1-red_130.013_33.081_8arcmin.fits");
        SkyTile expected = SyntheticSky.withSeed(5).withSizeArcmin(8).withDssPolynomial(true)
                .render(TileId.of("tile_RA130.013_DECp33.081"), "XE258");
        assertThat(Files.readAllBytes(fits)).isEqualTo(expected.fits());
        assertThat(Files.readString(dir.resolve("truth.csv"))).isEqualTo(expected.truthCsv());
        assertThat(dir.resolve("gaia_neighbourhood.csv")).isNotEmptyFile();
        assertThat(out.toString()).contains("plate=XE258").contains(fits.toString());
    }

    @Test
    void withoutAPlateTheNearestPlateIsUsed(@TempDir Path dir) {
        CommandLine cli = new CommandLine(new SkyRenderCommand());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--tile", "tile_RA128.300_DECp35.500", "--size-arcmin", "5", "--out", dir.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("plate=XE258");
    }

    @Test
    void badTileOrPlateIsAUsageErrorNamingTheValue(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SkyRenderCommand());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("--tile", "tile_RA1_DEC2", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("tile_RA1_DEC2");
        assertThat(cli.execute("--tile", "tile_RA130.013_DECp33.081", "--plate", "NOPE", "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("NOPE");
    }
}
