package org.vasco.veto.stages;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What the corrected profile's stages need of a tile to compare a candidate with its own stars: the tile's stellar
 * locus, its measured locus stars ({@link org.vasco.common.psf.LocusStarSelection}). The worker wiring reads them
 * from the tile's artefacts.
 */
public interface TileLocus {

    /** The tile's locus stars, or empty when its pass-2 catalogue or Gaia neighbourhood does not exist. */
    Optional<List<LocusStar>> locusFor(String tileId) throws IOException;

    /**
     * A measured locus star.
     *
     * @param number      SExtractor NUMBER
     * @param xwin        XWIN_IMAGE, FITS 1-based
     * @param ywin        YWIN_IMAGE, FITS 1-based
     * @param snrWin      SNR_WIN
     * @param flags       FLAGS
     * @param fwhmImage   FWHM_IMAGE, px
     * @param elongation  ELONGATION
     * @param spreadModel SPREAD_MODEL
     */
    record LocusStar(int number, double xwin, double ywin, double snrWin, int flags, double fwhmImage,
                     double elongation, double spreadModel) {

        /** A clean measurement: FLAGS 0, as the late filters require of a candidate. */
        public boolean clean() {
            return flags == 0;
        }
    }
}
