package org.vasco.common.plate;

/**
 * One POSS-I E plate from the plate metadata (IRSA DSS1-red full-plate headers).
 *
 * @param plateId   REGION, e.g. {@code XE309}
 * @param raDeg     PLATERA, J2000 degrees
 * @param decDeg    PLATEDEC, J2000 degrees
 * @param dateObs   DATE-OBS as recorded
 * @param plateCode PLATEID
 * @param label     PLTLABEL
 */
public record Plate(String plateId, double raDeg, double decDeg, String dateObs, String plateCode, String label,
                    double exposureMin, String emulsion, String grade, int naxis1, int naxis2,
                    double xPixelSizeMicron, double plateScale, String survey) {
}
