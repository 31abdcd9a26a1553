/**
 * Reading the FITS files the pipeline exchanges: input images ({@link org.vasco.common.fits.FitsImage}),
 * SExtractor FITS_LDAC catalogues ({@link org.vasco.common.fits.LdacCatalogue}) and PSFEx models
 * ({@link org.vasco.common.fits.PsfexModel}). All go through nom-tam-fits, whose process-global
 * settings are fixed once in {@link org.vasco.common.fits.FitsLibrary}.
 */
package org.vasco.common.fits;
