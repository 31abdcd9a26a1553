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
     * The cut-out of a named survey ({@code v} of {@code dss_search}). By default every survey shows the same image;
     * the synthetic sky answers the second-epoch surveys ({@link #isModernSurvey}) with its modern epoch.
     */
    default byte[] cutout(String survey, double raDeg, double decDeg, double sizeArcmin) {
        return cutout(raDeg, decDeg, sizeArcmin);
    }

    /** True for the POSS-II / UK Schmidt surveys of {@code dss_search} ({@code poss2ukstu_*}): the second epoch. */
    static boolean isModernSurvey(String survey) {
        return survey.startsWith("poss2ukstu_");
    }

    /** Cut-outs of the synthetic sky as the DSS service serves them ({@link SyntheticSky#renderServedAt}). */
    static CutoutSource synthetic(SyntheticSky sky) {
        Objects.requireNonNull(sky, "sky");
        return modernFrom(sky, (raDeg, decDeg, sizeArcmin) -> sky.renderServedAt(raDeg, decDeg, sizeArcmin).fits());
    }

    /** {@code plates} for the POSS-I surveys; the sky's modern epoch ({@link SyntheticSky#renderModernAt}) for the others. */
    static CutoutSource modernFrom(SyntheticSky sky, CutoutSource plates) {
        return new CutoutSource() {
            @Override
            public byte[] cutout(double raDeg, double decDeg, double sizeArcmin) {
                return plates.cutout(raDeg, decDeg, sizeArcmin);
            }

            @Override
            public byte[] cutout(String survey, double raDeg, double decDeg, double sizeArcmin) {
                return isModernSurvey(survey) ? sky.renderModernAt(raDeg, decDeg, sizeArcmin).fits()
                        : plates.cutout(raDeg, decDeg, sizeArcmin);
            }
        };
    }
}
