package org.vasco.testkit.archives;

import java.util.Objects;
import org.vasco.testkit.sky.SyntheticSky;

/**
 * Renders the FITS cut-out a DSS-like archive would serve for a position: a complete primary HDU
 * (header padded to 2880 bytes, data padded to 2880 bytes). The synthetic sky implements this; tests
 * may implement it with a small fixed image. Implementations are called from several server threads
 * at once and must be thread-safe.
 */
@FunctionalInterface
public interface CutoutSource {

    /**
     * @param raDeg      cut-out centre RA, degrees in [0, 360)
     * @param decDeg     cut-out centre Dec, degrees in [-90, 90]
     * @param sizeArcmin side of the square cut-out, arcminutes
     * @return the FITS file bytes
     */
    byte[] cutout(double raDeg, double decDeg, double sizeArcmin);

    /**
     * Cut-outs of the synthetic sky, each taken on the plate whose centre is nearest to the requested
     * position: like the real service, the archive chooses the plate (SPEC §2.6), so near plate
     * boundaries it can differ from the plan's plate.
     */
    static CutoutSource synthetic(SyntheticSky sky) {
        Objects.requireNonNull(sky, "sky");
        return (raDeg, decDeg, sizeArcmin) -> sky.renderAt(raDeg, decDeg, sizeArcmin,
                SyntheticSky.nearestPlate(raDeg, decDeg).plateId()).fits();
    }
}
