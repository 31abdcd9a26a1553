package org.vasco.testkit.sky;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vasco.common.plate.Plate;
import org.vasco.common.tile.TileId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco sky render}: writes a synthetic cut-out of a plan tile with its truth and catalogue
 * neighbourhoods into a directory. Meant to sit under a {@code sky} parent command.
 * Exit code 0 on success; bad options are reported by picocli (exit 2) with the offending value.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render a synthetic POSS-I E cut-out of a tile: FITS, truth.csv and the Gaia/PS1/USNO-B "
                + "neighbourhoods (deterministic per tile, plate, seed and size).")
public final class SkyRenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tile", required = true, description = "Tile id, e.g. tile_RA130.013_DECp33.081")
    String tile;

    @Mixin
    NearestPlateOption plate;

    @Mixin
    SkySeedOption seed;

    @Mixin
    CutoutSizeOption size;

    @Option(names = "--dss-polynomial", description = "Also write the DSS plate polynomial (AMDX/AMDY/PPO…)")
    boolean dssPolynomial;

    @Option(names = "--polynomial-only", description = "Write only the DSS plate polynomial, no CD matrix")
    boolean polynomialOnly;

    @Option(names = "--vanishing", defaultValue = "" + SyntheticSky.DEFAULT_VANISHING,
            description = "Injected vanishing sources (default ${DEFAULT-VALUE})")
    int vanishing;

    @Option(names = "--asteroids", defaultValue = "" + SyntheticSky.DEFAULT_ASTEROIDS,
            description = "Known asteroids on the plate (default ${DEFAULT-VALUE})")
    int asteroids;

    @Option(names = "--out", required = true, description = "Output directory (created if needed)")
    Path out;

    @Override
    public Integer call() throws Exception {
        TileId tileId;
        try {
            tileId = TileId.of(tile);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tile: " + e.getMessage());
        }
        String plateId = plate.plateAt(tileId.raDeg(), tileId.decDeg());
        WcsHeaders headers = polynomialOnly ? WcsHeaders.DSS_POLYNOMIAL_ONLY
                : dssPolynomial ? WcsHeaders.CD_MATRIX_AND_DSS_POLYNOMIAL : WcsHeaders.CD_MATRIX;
        SyntheticSky sky;
        SkyTile rendered;
        try {
            sky = new SyntheticSky(seed.seed(), size.sizeArcmin(), headers, vanishing, asteroids);
            rendered = sky.render(tileId, plateId);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path fits = rendered.writeTo(out);
        Plate p = rendered.plate();
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s plate=%s date_obs=%s size=%.2farcmin naxis=%d objects=%d vanishing=%d fits=%s%n",
                tileId, p.plateId(), p.dateObs(), rendered.sizeArcmin(), rendered.naxis(), rendered.truth().size(),
                rendered.truth(TruthKind.VANISHING).size(), fits);
        w.flush();
        return 0;
    }
}
