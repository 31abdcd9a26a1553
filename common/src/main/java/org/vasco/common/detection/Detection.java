package org.vasco.common.detection;

/**
 * One SExtractor pass-2 detection with the columns of SPEC §5.4 (the reference's trimmed
 * {@code default.param}). Pixel coordinates are FITS 1-based, as SExtractor writes them.
 * When the image carries only the DSS plate polynomial, the world columns are computed by
 * {@code PlateAstrometry} from XWIN/YWIN (SExtractor writes zeros there).
 */
public record Detection(
        int number, int flags,
        double xImage, double yImage, double xwinImage, double ywinImage,
        double elongation, double fwhmImage,
        int xminImage, int xmaxImage, int yminImage, int ymaxImage,
        double xWorld, double yWorld, double alphaJ2000, double deltaJ2000,
        double alphawinJ2000, double deltawinJ2000,
        double fluxAuto, double magAuto, double classStar, double ellipticity,
        double spreadModel, double spreaderrModel, double snrWin, double fluxAper) {
}
