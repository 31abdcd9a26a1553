package org.vasco.common.late;

import java.util.Arrays;
import org.vasco.common.catalog.BrightStarList;
import org.vasco.common.sky.match.SkyIndex;

/**
 * The bright-star (diffraction-spike) cut of SPEC §6.8. The bright stars are PS1 sources with a valid
 * r magnitude (finite, 0 ≤ r ≤ 50) no fainter than the limit (16). For a detection — at its raw
 * ALPHA/DELTA_J2000, not the WCSFIX position, as in the reference — only the single nearest bright
 * star counts, and only within the search radius (90″): the detection is rejected when r ≤ 12.4
 * (CONST) or r &lt; −0.09·d″ + 15.3 (LINE, strict). Immutable and thread-safe.
 */
public final class SpikeCut {

    /** Rule that rejected a detection, or NONE. Labels are the reference's {@code spike_reason} values. */
    public enum Rule {
        NONE(""), CONST("CONST"), LINE("LINE");

        private final String label;

        Rule(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param rule             which rule rejected it, NONE when kept
     * @param distanceArcsec   distance to the nearest bright star within the search radius, NaN when none
     * @param starMagnitude    its r magnitude, NaN when none
     */
    public record Verdict(Rule rule, double distanceArcsec, double starMagnitude) {

        public boolean rejected() {
            return rule != Rule.NONE;
        }
    }

    private final SpikeRules rules;
    private final double[] mag;
    private final double[] ra;
    private final double[] dec;
    private final SkyIndex index;

    /**
     * @param starRa  bright-star list RA, degrees
     * @param starDec Dec
     * @param starMag r magnitude (PS1 rMeanPSFMag)
     */
    public SpikeCut(SpikeRules rules, double[] starRa, double[] starDec, double[] starMag) {
        this.rules = java.util.Objects.requireNonNull(rules, "rules");
        if (starRa.length != starDec.length || starRa.length != starMag.length) {
            throw new IllegalArgumentException("bright-star ra, dec and mag differ in length");
        }
        int[] valid = java.util.stream.IntStream.range(0, starRa.length)
                .filter(i -> BrightStarList.isValidMagnitude(starMag[i]) && starMag[i] <= rules.brightMagLimit()).toArray();
        this.ra = Arrays.stream(valid).mapToDouble(i -> starRa[i]).toArray();
        this.dec = Arrays.stream(valid).mapToDouble(i -> starDec[i]).toArray();
        this.mag = Arrays.stream(valid).mapToDouble(i -> starMag[i]).toArray();
        this.index = SkyIndex.build(ra, dec, rules.searchArcsec());
    }

    public int brightStars() {
        return mag.length;
    }

    /** Judges a detection at its raw ALPHA_J2000/DELTA_J2000. */
    public Verdict judge(double raDeg, double decDeg) {
        int star = index.nearest(raDeg, decDeg, rules.searchArcsec());
        if (star < 0) {
            return new Verdict(Rule.NONE, Double.NaN, Double.NaN);
        }
        double d = org.vasco.common.sky.SkyGeometry.separationArcsec(raDeg, decDeg, ra[star], dec[star]);
        double m = mag[star];
        Rule rule = Rule.NONE;
        if (m <= rules.constMag()) {
            rule = Rule.CONST;
        } else if (m < rules.lineSlope() * d + rules.lineIntercept()) {
            rule = Rule.LINE;
        }
        return new Verdict(rule, d, m);
    }
}
