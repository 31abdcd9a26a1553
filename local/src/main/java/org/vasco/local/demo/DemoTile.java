package org.vasco.local.demo;

import java.util.Locale;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.SyntheticSky;

/**
 * One submitted tile of a demo run and the cut-out the loopback DSS server rendered for it.
 *
 * @param tileId     the plan tile
 * @param raDeg      the centre the download step asked for
 * @param decDeg     its Dec
 * @param sizeArcmin the cut-out size the download step asked for
 */
public record DemoTile(String tileId, double raDeg, double decDeg, double sizeArcmin) {

    /**
     * The cut-out exactly as served: the download sends the centre with 6 decimals and the size with 2, and the
     * stand-in, like the real archive, takes it from the plate whose centre is nearest. The synthetic sky is
     * deterministic per (seed, centre, size, plate), so this is the same image, with its truth.
     */
    public SkyTile render(SyntheticSky sky) {
        double ra = Double.parseDouble(String.format(Locale.ROOT, "%.6f", ((raDeg % 360.0) + 360.0) % 360.0));
        double dec = Double.parseDouble(String.format(Locale.ROOT, "%.6f", decDeg));
        double size = Double.parseDouble(String.format(Locale.ROOT, "%.2f", sizeArcmin));
        return sky.renderServedAt(ra, dec, size);
    }
}
