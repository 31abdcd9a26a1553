package org.vasco.download;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import nom.tam.util.FitsOutputStream;
import org.vasco.testkit.archives.CutoutSource;

/**
 * Small DSS-like cut-outs written with nom-tam-fits: 64×64 16-bit with BZERO, the STScI keys
 * (SURVEY, REGION, PLATEID, PLTLABEL, an overflowed DATE-OBS), a CD-matrix TAN WCS at 1.7″/px with a
 * slight rotation, and optionally a DSS plate polynomial. A stand-in for the synthetic sky in unit tests.
 */
final class SmallCutouts implements CutoutSource {

    static final int SIDE = 64;
    static final double SCALE_ARCSEC = 1.7;
    static final double ROTATION_DEG = 3.0;
    static final String REGION = "XE309";
    static final String DATE_OBS = "1953-03-11T11:77:00";
    static final double PIXEL_MICRON = 25.2982;
    static final int CNPIX = 1000;

    private final boolean dssPolynomial;
    private final boolean cdMatrix;

    SmallCutouts(boolean cdMatrix, boolean dssPolynomial) {
        this.cdMatrix = cdMatrix;
        this.dssPolynomial = dssPolynomial;
    }

    /** A cut-out like STScI's: both the CD solution and the plate polynomial. */
    static SmallCutouts stsciLike() {
        return new SmallCutouts(true, true);
    }

    @Override
    public byte[] cutout(double raDeg, double decDeg, double sizeArcmin) {
        return render(raDeg, decDeg, Map.of());
    }

    byte[] render(double raDeg, double decDeg, Map<String, String> overrides) {
        try {
            short[][] pixels = new short[SIDE][SIDE];
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    // Stored value = physical - 32768 (BZERO); a faint gradient so the data are not all equal.
                    pixels[y][x] = (short) (1000 + x + y - 32768);
                }
            }
            ImageHDU hdu = (ImageHDU) Fits.makeHDU(pixels);
            Header h = hdu.getHeader();
            h.addValue("BZERO", 32768, "physical = stored + BZERO");
            h.addValue("BSCALE", 1, "");
            h.addValue("SURVEY", "POSSI-E", "Plate survey");
            h.addValue("REGION", REGION, "Plate region");
            h.addValue("PLATEID", "A0A1", "GSSS plate ID");
            h.addValue("PLTLABEL", "E1234", "Observatory plate label");
            h.addValue("DATE-OBS", DATE_OBS, "UT date/time of observation");
            h.addValue("EQUINOX", 2000.0, "");
            if (cdMatrix) {
                double s = SCALE_ARCSEC / 3600.0;
                double t = Math.toRadians(ROTATION_DEG);
                h.addValue("CTYPE1", "RA---TAN", "");
                h.addValue("CTYPE2", "DEC--TAN", "");
                h.addValue("CRVAL1", raDeg, "");
                h.addValue("CRVAL2", decDeg, "");
                h.addValue("CRPIX1", SIDE / 2.0 + 0.5, "");
                h.addValue("CRPIX2", SIDE / 2.0 + 0.5, "");
                h.addValue("CD1_1", -s * Math.cos(t), "");
                h.addValue("CD1_2", s * Math.sin(t), "");
                h.addValue("CD2_1", s * Math.sin(t), "");
                h.addValue("CD2_2", s * Math.cos(t), "");
            }
            if (dssPolynomial) {
                double raHours = raDeg / 15.0;
                h.addValue("PLTRAH", (int) raHours, "");
                h.addValue("PLTRAM", (int) ((raHours % 1) * 60), "");
                h.addValue("PLTRAS", ((raHours * 60) % 1) * 60, "");
                h.addValue("PLTDECSN", decDeg >= 0 ? "+" : "-", "");
                double ad = Math.abs(decDeg);
                h.addValue("PLTDECD", (int) ad, "");
                h.addValue("PLTDECM", (int) ((ad % 1) * 60), "");
                h.addValue("PLTDECS", ((ad * 60) % 1) * 60, "");
                // A plate polynomial centred on the cut-out, unrotated, at 67.2″/mm × 25.2982 µm ≈ 1.70004″/px: it agrees
                // with the (rotated) CD solution at the centre and departs from it toward the corners.
                h.addValue("PLTSCALE", 67.2, "arcsec/mm");
                h.addValue("XPIXELSZ", PIXEL_MICRON, "microns");
                h.addValue("YPIXELSZ", PIXEL_MICRON, "microns");
                h.addValue("CNPIX1", CNPIX, "");
                h.addValue("CNPIX2", CNPIX, "");
                h.addValue("PPO3", (SIDE / 2.0 + 0.5 + CNPIX - 0.5) * PIXEL_MICRON, "");
                h.addValue("PPO6", (SIDE / 2.0 + 0.5 + CNPIX - 0.5) * PIXEL_MICRON, "");
                for (int i = 1; i <= 20; i++) {
                    h.addValue("AMDX" + i, i == 1 ? 67.2 : 0.0, "");
                    h.addValue("AMDY" + i, i == 1 ? 67.2 : 0.0, "");
                }
            }
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                h.addValue(e.getKey(), e.getValue(), "");
            }
            Fits fits = new Fits();
            fits.addHDU(hdu);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (FitsOutputStream out = new FitsOutputStream(bytes)) {
                fits.write(out);
            }
            return bytes.toByteArray();
        } catch (FitsException | java.io.IOException e) {
            throw new IllegalStateException("Could not write the test cut-out: " + e.getMessage(), e);
        }
    }
}
