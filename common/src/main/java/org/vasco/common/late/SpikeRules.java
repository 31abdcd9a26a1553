package org.vasco.common.late;

/**
 * The bright-star (diffraction-spike) rules of SPEC §6.8.
 *
 * @param searchArcsec   only the nearest bright star within this distance counts (90″)
 * @param brightMagLimit stars fainter than this r magnitude are not bright stars (16)
 * @param constMag       CONST rule: reject when the star's r ≤ this (12.4)
 * @param lineSlope      LINE rule: reject when r &lt; slope·d″ + intercept (−0.09)
 * @param lineIntercept  (15.3)
 */
public record SpikeRules(double searchArcsec, double brightMagLimit, double constMag, double lineSlope,
                         double lineIntercept) {

    public static SpikeRules reference() {
        return new SpikeRules(90, 16, 12.4, -0.09, 15.3);
    }

    public SpikeRules {
        if (!(searchArcsec > 0)) {
            throw new IllegalArgumentException("spike search radius must be positive arcsec, found " + searchArcsec);
        }
    }
}
