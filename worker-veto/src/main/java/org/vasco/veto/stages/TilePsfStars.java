package org.vasco.veto.stages;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What S0M needs of a tile to know its local PSF: the tile's pass-2 detections (inside the 30′ circle) and its
 * Gaia neighbourhood at catalogue epoch. The worker wiring reads them from the tile's artefacts.
 */
public interface TilePsfStars {

    /** The tile's material, or empty when its pass-2 catalogue or Gaia neighbourhood does not exist. */
    Optional<Neighbourhood> forTile(String tileId) throws IOException;

    /**
     * A pass-2 detection as S0M reads it.
     *
     * @param raDeg      ALPHAWIN_J2000
     * @param decDeg     DELTAWIN_J2000
     * @param flags      FLAGS
     * @param elongation ELONGATION
     * @param fwhmImage  FWHM_IMAGE, px
     * @param spreadModel SPREAD_MODEL
     */
    record Detection(double raDeg, double decDeg, int flags, double elongation, double fwhmImage, double spreadModel) {
    }

    /**
     * A Gaia DR3 star.
     *
     * @param raDeg  catalogue-epoch position
     * @param decDeg idem
     * @param gmag   phot_g_mean_mag
     */
    record GaiaStar(double raDeg, double decDeg, double gmag) {
    }

    /** One tile's detections and Gaia stars. */
    record Neighbourhood(List<Detection> detections, List<GaiaStar> gaia) {
        public Neighbourhood {
            detections = List.copyOf(detections);
            gaia = List.copyOf(gaia);
        }
    }
}
