package org.vasco.common.fits;

/** Where the world coordinates of the detections came from; recorded with every tile's result. */
public enum Astrometry {
    /** SExtractor's own, from the image's CD-matrix (or CDELT) TAN WCS. */
    SEXTRACTOR_WCS,
    /** Computed from XWIN/YWIN (and X/Y_IMAGE) with the DSS plate polynomial, which SExtractor does not read. */
    DSS_PLATE_POLYNOMIAL,
    /** The header has no astrometric solution; world columns are SExtractor's zeros. */
    NONE
}
