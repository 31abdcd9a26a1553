package org.vasco.common.fits;

import java.util.List;

/** The SExtractor pass-2 parameters of SPEC §5.4 (the reference's trimmed {@code default.param}), in file order. */
public final class DetectionColumns {

    /** Parameter names as written in the parameter file; vector elements as {@code NAME(k)}. */
    public static final List<String> ALL = List.of(
            "NUMBER", "FLAGS", "X_IMAGE", "Y_IMAGE", "XWIN_IMAGE", "YWIN_IMAGE", "ELONGATION", "FWHM_IMAGE",
            "XMIN_IMAGE", "XMAX_IMAGE", "YMIN_IMAGE", "YMAX_IMAGE", "X_WORLD", "Y_WORLD", "ALPHA_J2000",
            "DELTA_J2000", "ALPHAWIN_J2000", "DELTAWIN_J2000", "FLUX_AUTO", "MAG_AUTO", "CLASS_STAR",
            "ELLIPTICITY", "SPREAD_MODEL", "SPREADERR_MODEL", "SNR_WIN", "FLUX_APER(1)");

    private DetectionColumns() {
    }
}
