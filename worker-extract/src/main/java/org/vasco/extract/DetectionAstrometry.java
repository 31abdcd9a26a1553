package org.vasco.extract;

import java.util.List;
import nom.tam.fits.Header;
import org.vasco.common.detection.Detection;

/**
 * Decides where the detections' world coordinates come from. SExtractor computes them from a
 * CD-matrix/CDELT TAN WCS; a header with only the DSS plate polynomial (AMDX/AMDY, PPO…) gets
 * zeros from SExtractor, so those positions must be computed by our own plate astrometry.
 */
final class DetectionAstrometry {

    private DetectionAstrometry() {
    }

    /** Which solution the image header offers SExtractor. */
    static Astrometry of(Header header) {
        boolean wcs = header.containsKey("CTYPE1") && header.containsKey("CTYPE2")
                && (header.containsKey("CD1_1") || header.containsKey("CDELT1") || header.containsKey("PC1_1"));
        if (wcs) {
            return Astrometry.SEXTRACTOR_WCS;
        }
        boolean dss = header.containsKey("AMDX1") && header.containsKey("AMDY1") && header.containsKey("PPO3");
        return dss ? Astrometry.DSS_PLATE_POLYNOMIAL : Astrometry.NONE;
    }

    /**
     * The detections with world coordinates from the given solution.
     *
     * @throws ExtractionException when the header has only the DSS plate polynomial, which this build cannot evaluate
     */
    static List<Detection> apply(Astrometry astrometry, Header header, List<Detection> detections, String source)
            throws ExtractionException {
        if (astrometry == Astrometry.DSS_PLATE_POLYNOMIAL) {
            throw new ExtractionException(ExtractionException.Kind.BAD_FITS, source
                    + ": the header has only the DSS plate polynomial (no CD-matrix WCS), which SExtractor ignores; "
                    + "this build cannot compute sky positions from it yet. Use a cut-out with a TAN CD WCS.");
        }
        return detections;
    }
}
