package org.vasco.veto.vsx;

/**
 * One VSX entry.
 *
 * @param oid     VSX internal identifier, null when the input had none
 * @param name    variable star identifier
 * @param raDeg   J2000
 * @param decDeg  J2000
 * @param type    variability type (GCVS style), may be null
 */
public record VsxStar(Long oid, String name, double raDeg, double decDeg, String type) {

    public VsxStar {
        if (!(raDeg >= 0 && raDeg < 360.0000001) || !(decDeg >= -90 && decDeg <= 90)) {
            throw new IllegalArgumentException("position out of range: RA " + raDeg + ", Dec " + decDeg);
        }
    }

    /** The 1-arcminute declination zone of the index. */
    public static int zone(double decDeg) {
        return (int) Math.floor((decDeg + 90.0) * 60.0);
    }
}
