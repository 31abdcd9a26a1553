package org.vasco.testkit.sky;

import java.util.Objects;

/**
 * One object rendered on a synthetic cut-out (its centre falls on the image), as truth for tests.
 *
 * @param id           stable identifier: stars/galaxies {@code S<band>.<cell>.<n>}/{@code G…} (the same on every
 *                     cut-out that shows them), {@code V<n>} vanishing, {@code A<n>} artefacts, asteroids their number
 * @param kind         what it is
 * @param detail       sub-kind: {@code dust_speck}, {@code scratch}, {@code emulsion_defect} for artefacts,
 *                     {@code hpm} for stars moving &gt; 100 mas/yr, {@code trailed} for asteroids moving
 *                     more than one pixel during the exposure; empty otherwise
 * @param name         asteroid name, otherwise empty
 * @param raDeg        position at the plate epoch (ICRS), degrees
 * @param decDeg       position at the plate epoch, degrees
 * @param xPixel       FITS pixel coordinate (1-based) of that position
 * @param yPixel       FITS pixel coordinate (1-based)
 * @param magnitude    plate (POSS-I E, ≈ R) magnitude; for artefacts the magnitude of the same flux
 * @param flux         total added signal, ADU, before the emulsion's saturation curve
 * @param expectedSnr  expected SExtractor SNR_WIN (GAIN 0, as pass 2), the median a measurement of such an object
 *                     gives: the background-limited S/N of a PSF-weighted measurement,
 *                     {@code flux / (σ_background · √A_eff)} with σ_background the noise SExtractor measures on the
 *                     developed image ({@link BackgroundNoise}) and {@code A_eff = (Σp)²/Σp²} of the whole profile
 *                     (core and halo), times 0.984, the Gaussian window's efficiency measured on catalogued stars
 * @param fwhmPixels   FWHM of the profile at that place (PSF FWHM for point sources), pixels
 * @param pmRaMasYr    μα·cosδ, mas/yr (stars; 0 otherwise)
 * @param pmDecMasYr   μδ, mas/yr (stars; 0 otherwise)
 * @param saturated    true when the centre pixel reaches the SATURATE level
 */
public record TruthObject(String id, TruthKind kind, String detail, String name, double raDeg, double decDeg,
                          double xPixel, double yPixel, double magnitude, double flux, double expectedSnr,
                          double fwhmPixels, double pmRaMasYr, double pmDecMasYr, boolean saturated) {

    /** Column names of truth.csv, in order. */
    public static final java.util.List<String> CSV_COLUMNS = java.util.List.of("id", "kind", "detail", "name",
            "ra", "dec", "x", "y", "mag", "flux", "expected_snr", "fwhm_px", "pmra", "pmdec", "saturated");

    public TruthObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
        name = name == null ? "" : name;
    }

    /** True when a catalogue is meant to contain this object (stars and galaxies, per each catalogue's rules). */
    public boolean isRealSkyObject() {
        return kind == TruthKind.STAR || kind == TruthKind.GALAXY;
    }

    /** The object as the developed image shows it: saturated or not, and its expected S/N against the image's noise. */
    TruthObject developed(boolean isSaturated, double snr) {
        return new TruthObject(id, kind, detail, name, raDeg, decDeg, xPixel, yPixel, magnitude, flux, snr,
                fwhmPixels, pmRaMasYr, pmDecMasYr, isSaturated);
    }
}
