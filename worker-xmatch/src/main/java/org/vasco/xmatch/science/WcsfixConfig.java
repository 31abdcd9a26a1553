package org.vasco.xmatch.science;

/**
 * One WCSFIX configuration (SPEC §6.4): tie-point radius, polynomial degree and the least number of
 * tie points a fit needs.
 */
public record WcsfixConfig(double bootstrapArcsec, int degree, int minMatches) {

    public WcsfixConfig {
        if (!(bootstrapArcsec > 0) || Double.isInfinite(bootstrapArcsec)) {
            throw new IllegalArgumentException("WCSFIX bootstrap radius must be positive arcsec, found " + bootstrapArcsec);
        }
        if (degree != 1 && degree != 2) {
            throw new IllegalArgumentException("WCSFIX degree must be 1 or 2, found " + degree);
        }
        if (minMatches < PolynomialFit.terms(degree)) {
            throw new IllegalArgumentException("WCSFIX needs at least " + PolynomialFit.terms(degree)
                    + " tie points for degree " + degree + ", min matches was " + minMatches);
        }
    }
}
