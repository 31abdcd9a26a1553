package org.vasco.common.fits;

import java.io.IOException;
import java.nio.file.Path;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;

/**
 * The summary PSFEx writes in the {@code PSF_DATA} header of a {@code .psf} file. PSFEx exits 0 and
 * writes a model even when no star was accepted (e.g. too few stars); {@link #isUsable()} is the
 * check that tells such an empty model apart.
 *
 * @param loaded        LOADED: candidate stars read from the catalogue
 * @param accepted      ACCEPTED: stars the model was built from
 * @param chi2          CHI2: final reduced chi²
 * @param fwhmPixels    PSF_FWHM: model FWHM in image pixels
 * @param samplingPixels PSF_SAMP: sampling step in image pixels
 */
public record PsfexModel(int loaded, int accepted, double chi2, double fwhmPixels, double samplingPixels) {

    public static final String EXTNAME = "PSF_DATA";

    /** True when the model was built from at least one star and has a positive FWHM. */
    public boolean isUsable() {
        return accepted > 0 && fwhmPixels > 0;
    }

    /**
     * Reads the summary of a PSFEx model file.
     *
     * @throws FitsFormatException when the file is not a PSFEx model
     */
    public static PsfexModel read(Path file) throws FitsFormatException {
        FitsLibrary.configure();
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            for (BasicHDU<?> hdu : hdus) {
                Header h = hdu.getHeader();
                if (EXTNAME.equals(h.getStringValue("EXTNAME"))) {
                    if (!h.containsKey("ACCEPTED") || !h.containsKey("PSF_FWHM")) {
                        throw new FitsFormatException(file, EXTNAME + " lacks ACCEPTED/PSF_FWHM; not a PSFEx model");
                    }
                    return new PsfexModel(h.getIntValue("LOADED", 0), h.getIntValue("ACCEPTED"),
                            h.getDoubleValue("CHI2", Double.NaN), h.getDoubleValue("PSF_FWHM"),
                            h.getDoubleValue("PSF_SAMP", Double.NaN));
                }
            }
            throw new FitsFormatException(file, "no " + EXTNAME + " HDU; not a PSFEx model");
        } catch (IOException | RuntimeException e) {
            throw new FitsFormatException(file, "cannot be read as a PSFEx model: " + e.getMessage(), e);
        }
    }
}
