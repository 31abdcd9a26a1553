package org.vasco.xmatch.stage;

import java.util.ArrayList;
import java.util.List;
import org.vasco.common.detection.Detection;
import org.vasco.common.fits.FitsFormatException;
import org.vasco.common.fits.LdacCatalogue;

/**
 * The fast path's position-pass catalogue as detections: NUMBER, X/Y_IMAGE, XWIN/YWIN_IMAGE and
 * ALPHAWIN/DELTAWIN_J2000 are required; ALPHA/DELTA_J2000 are read when present; every measured column is NaN
 * (0 for the integer ones) because the position pass measures nothing. Step 4 up to the veto reads only positions.
 */
public final class PositionPass {

    static final List<String> REQUIRED = List.of("NUMBER", "X_IMAGE", "Y_IMAGE", "XWIN_IMAGE", "YWIN_IMAGE",
            "ALPHAWIN_J2000", "DELTAWIN_J2000");

    private PositionPass() {
    }

    /** @throws FitsFormatException when a required column is missing */
    public static List<Detection> detections(LdacCatalogue catalogue) throws FitsFormatException {
        for (String column : REQUIRED) {
            if (!catalogue.hasColumn(column)) {
                throw new FitsFormatException(catalogue.file(), "no column " + column + " in the position pass; expected "
                        + REQUIRED + ", found " + catalogue.columnNames());
            }
        }
        boolean raw = catalogue.hasColumn("ALPHA_J2000") && catalogue.hasColumn("DELTA_J2000");
        double nan = Double.NaN;
        List<Detection> out = new ArrayList<>(catalogue.rowCount());
        for (int row = 0; row < catalogue.rowCount(); row++) {
            double ra = raw ? catalogue.value("ALPHA_J2000", row) : nan;
            double dec = raw ? catalogue.value("DELTA_J2000", row) : nan;
            out.add(new Detection((int) catalogue.value("NUMBER", row), 0,
                    catalogue.value("X_IMAGE", row), catalogue.value("Y_IMAGE", row),
                    catalogue.value("XWIN_IMAGE", row), catalogue.value("YWIN_IMAGE", row), nan, nan, 0, 0, 0, 0,
                    ra, dec, ra, dec, catalogue.value("ALPHAWIN_J2000", row), catalogue.value("DELTAWIN_J2000", row),
                    nan, nan, nan, nan, nan, nan, nan, nan));
        }
        return out;
    }
}
