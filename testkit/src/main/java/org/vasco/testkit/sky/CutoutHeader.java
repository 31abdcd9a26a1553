package org.vasco.testkit.sky;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCardException;
import org.vasco.common.plate.Plate;
import org.vasco.common.plate.PlateEpoch;

/**
 * Writes the header of a synthetic cut-out: 16-bit data with BZERO, the plate metadata of the real
 * plate (SURVEY, REGION, PLATEID, PLTLABEL, DATE-OBS), SATURATE, and the astrometric solutions asked for.
 *
 * <p>The DSS plate polynomial written here is the exact equivalent of the TAN solution: the plate
 * centre (PLTRAH…PLTDECS) is the cut-out centre, only the linear AMDX1/AMDY1 terms are non-zero, and
 * PPO3/PPO6 put the plate centre on CRPIX. Decoded the DSS way
 * ({@code x = (PPO3 − (xpix + CNPIX1 − 0.5)·XPIXELSZ)/1000} mm,
 * {@code y = ((ypix + CNPIX2 − 0.5)·YPIXELSZ − PPO6)/1000} mm, ξ = AMDX1·x, η = AMDY1·y in ″, then the
 * gnomonic inverse about the plate centre) it gives the same sky position as the CD matrix.
 */
final class CutoutHeader {

    static final double PLATE_SCALE_ARCSEC_PER_MM = 67.2;
    /** Corner of the cut-out on a (notional) full 14,000-pixel plate scan, as DSS headers record it. */
    static final int PLATE_SCAN_PIXELS = 14000;

    private CutoutHeader() {
    }

    static void write(Header h, CutoutWcs wcs, Plate plate, PlateEpoch epoch, WcsHeaders solutions)
            throws HeaderCardException {
        h.addValue("BZERO", 32768, "data = stored + 32768 (unsigned 16-bit)");
        h.addValue("BSCALE", 1, "");
        h.addValue("ORIGIN", "VASCO synthetic sky", "not a real scan: rendered by org.vasco.testkit.sky");
        h.addValue("SURVEY", "POSSI-E", "");
        h.addValue("REGION", plate.plateId(), "plate (REGION of the plate metadata)");
        h.addValue("PLATEID", plate.plateCode(), "");
        h.addValue("PLTLABEL", plate.label(), "");
        h.addValue("DATE-OBS", epoch.original(), "plate epoch, as in the plate metadata");
        h.addValue("MJD-OBS", epoch.mjd(), 8, "from DATE-OBS");
        if (!Double.isNaN(plate.exposureMin())) {
            h.addValue("EXPOSURE", plate.exposureMin(), 2, "minutes");
        }
        h.addValue("EMULSION", plate.emulsion(), "");
        h.addValue("SATURATE", PlateImage.SATURATE, 1, "saturation level (ADU)");
        h.addValue("EQUINOX", 2000.0, 1, "");
        h.addValue("RADESYS", "ICRS", "");
        if (solutions.hasCdMatrix()) {
            h.addValue("CTYPE1", "RA---TAN", "");
            h.addValue("CTYPE2", "DEC--TAN", "");
            h.addValue("CRPIX1", wcs.crpix(), 4, "");
            h.addValue("CRPIX2", wcs.crpix(), 4, "");
            h.addValue("CRVAL1", wcs.centreRaDeg(), 10, "");
            h.addValue("CRVAL2", wcs.centreDecDeg(), 10, "");
            h.addValue("CD1_1", wcs.cd11(), 14, "");
            h.addValue("CD1_2", 0.0, 1, "");
            h.addValue("CD2_1", 0.0, 1, "");
            h.addValue("CD2_2", wcs.cd22(), 14, "");
        }
        if (solutions.hasPolynomial()) {
            writePolynomial(h, wcs);
        }
    }

    /** XPIXELSZ = YPIXELSZ, µm: the pixel pitch that gives the cut-out scale at the plate scale. */
    static double pixelSizeMicron(CutoutWcs wcs) {
        return 1000.0 * wcs.scaleArcsec() / PLATE_SCALE_ARCSEC_PER_MM;
    }

    static int cornerPixel(CutoutWcs wcs) {
        return (PLATE_SCAN_PIXELS - wcs.naxis()) / 2;
    }

    private static void writePolynomial(Header h, CutoutWcs wcs) throws HeaderCardException {
        double ra = wcs.centreRaDeg() / 15.0;
        int raH = (int) Math.floor(ra);
        double raMinutes = (ra - raH) * 60.0;
        int raM = (int) Math.floor(raMinutes);
        double raS = (raMinutes - raM) * 60.0;
        double dec = Math.abs(wcs.centreDecDeg());
        int decD = (int) Math.floor(dec);
        double decMinutes = (dec - decD) * 60.0;
        int decM = (int) Math.floor(decMinutes);
        double decS = (decMinutes - decM) * 60.0;
        double pixelSize = pixelSizeMicron(wcs);
        int corner = cornerPixel(wcs);

        h.addValue("PLTRAH", raH, "plate centre RA, hours");
        h.addValue("PLTRAM", raM, "");
        h.addValue("PLTRAS", raS, 7, "");
        h.addValue("PLTDECSN", wcs.centreDecDeg() < 0 ? "-" : "+", "");
        h.addValue("PLTDECD", decD, "");
        h.addValue("PLTDECM", decM, "");
        h.addValue("PLTDECS", decS, 6, "");
        h.addValue("PLTSCALE", PLATE_SCALE_ARCSEC_PER_MM, 4, "plate scale, arcsec/mm");
        h.addValue("XPIXELSZ", pixelSize, 10, "pixel size, microns");
        h.addValue("YPIXELSZ", pixelSize, 10, "pixel size, microns");
        h.addValue("CNPIX1", corner, "cut-out corner on the plate scan");
        h.addValue("CNPIX2", corner, "");
        double[] ppo = {0, 0, (wcs.crpix() + corner - 0.5) * pixelSize, 0, 0, (wcs.crpix() + corner - 0.5) * pixelSize};
        for (int i = 0; i < ppo.length; i++) {
            h.addValue("PPO" + (i + 1), ppo[i], 8, "");
        }
        for (int i = 1; i <= 20; i++) {
            h.addValue("AMDX" + i, i == 1 ? PLATE_SCALE_ARCSEC_PER_MM : 0.0, 8, "");
        }
        for (int i = 1; i <= 20; i++) {
            h.addValue("AMDY" + i, i == 1 ? PLATE_SCALE_ARCSEC_PER_MM : 0.0, 8, "");
        }
    }
}
