package org.vasco.common.fits;

import java.util.List;

/** Column data for a synthetic pass-2 LDAC, typed as SExtractor types them (J, I, D, E, float vectors). */
final class FitsColumnsForTest {

    static final List<String> PASS2 = DetectionColumns.ALL;

    private FitsColumnsForTest() {
    }

    /** Row r gets a value that identifies both the column and the row. */
    static Object column(String name, int rows) {
        switch (name) {
            case "NUMBER" -> {
                int[] v = new int[rows];
                for (int r = 0; r < rows; r++) {
                    v[r] = r + 1;
                }
                return v;
            }
            case "FLAGS" -> {
                short[] v = new short[rows];
                for (int r = 0; r < rows; r++) {
                    v[r] = (short) r;
                }
                return v;
            }
            case "XMIN_IMAGE", "XMAX_IMAGE", "YMIN_IMAGE", "YMAX_IMAGE" -> {
                int[] v = new int[rows];
                for (int r = 0; r < rows; r++) {
                    v[r] = 12 + r + (name.contains("MAX") ? 1 : 0);
                }
                return v;
            }
            case "X_IMAGE", "Y_IMAGE", "XWIN_IMAGE", "YWIN_IMAGE" -> {
                double[] v = new double[rows];
                for (int r = 0; r < rows; r++) {
                    v[r] = 10.5 + r;
                }
                return v;
            }
            case "X_WORLD", "Y_WORLD", "ALPHA_J2000", "DELTA_J2000", "ALPHAWIN_J2000", "DELTAWIN_J2000" -> {
                double[] v = new double[rows];
                for (int r = 0; r < rows; r++) {
                    v[r] = 150.0 + r * 0.001;
                }
                return v;
            }
            case "FLUX_APER(1)" -> {
                float[][] v = new float[rows][1];
                for (int r = 0; r < rows; r++) {
                    v[r][0] = 1000 + r;
                }
                return v;
            }
            default -> {
                float[] v = new float[rows];
                for (int r = 0; r < rows; r++) {
                    v[r] = 0.002f * r;
                }
                return v;
            }
        }
    }
}
