package org.vasco.testkit.sky;

/** Which astrometric solutions a synthetic cut-out's header carries. */
public enum WcsHeaders {
    /** The explicit TAN solution (CTYPE/CRPIX/CRVAL/CD) only. */
    CD_MATRIX,
    /** Both the TAN solution and the DSS plate polynomial, as STScI's cut-outs carry (SPEC §3.2). */
    CD_MATRIX_AND_DSS_POLYNOMIAL,
    /** Only the DSS plate polynomial: SExtractor then cannot compute sky positions by itself. */
    DSS_POLYNOMIAL_ONLY;

    boolean hasCdMatrix() {
        return this != DSS_POLYNOMIAL_ONLY;
    }

    boolean hasPolynomial() {
        return this != CD_MATRIX;
    }
}
