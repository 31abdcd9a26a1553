package org.vasco.common.summary;

/**
 * The figures of a tile's quality and provenance that the steps record and the run report reads: one name for the
 * writer and the reader. The extract step's go into its {@code run_tile.metrics}; the WCSFIX figures into
 * {@code tile_summary.wcsfix} under the reference's {@code wcsfix_status.json} names.
 */
public enum QualityFigure {

    /** The PSFEx model's FWHM, pixels (extract step metrics). */
    PSF_FWHM_PX("psf_fwhm_px"),
    /** Stars the PSF model was built from (extract step metrics). */
    PSF_STARS_ACCEPTED("psf_stars_accepted"),
    /** The SExtractor version that extracted the tile (extract and measure step metrics). */
    SEXTRACTOR_VERSION("sextractor_version"),
    /** The PSFEx version that modelled the PSF (extract step metrics). */
    PSFEX_VERSION("psfex_version"),
    /** Whether the WCSFIX solution was applied (top level of {@code tile_summary.wcsfix}). */
    WCSFIX_OK("ok"),
    /** Gaia tie points the WCSFIX fit used (top level of {@code tile_summary.wcsfix}). */
    WCSFIX_TIE_POINTS("tie_points"),
    /** The WCSFIX fit's object under {@code tile_summary.wcsfix}. */
    WCSFIX_FIT("fit"),
    /** The clipped residual σ of the WCSFIX fit, arcseconds (in {@link #WCSFIX_FIT}). */
    WCSFIX_SIGMA_ARCSEC("sigma_arcsec");

    private final String key;

    QualityFigure(String key) {
        this.key = key;
    }

    /** The key in the step metrics or the WCSFIX status. */
    public String key() {
        return key;
    }
}
