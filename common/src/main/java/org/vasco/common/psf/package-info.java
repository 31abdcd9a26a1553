/**
 * The stars the post stages measure candidates against, and where they can lie: S0M's PSF reference stars
 * ({@link org.vasco.common.psf.PsfStarPositions}, SPEC §9.2) and the corrected profile's stellar locus
 * ({@link org.vasco.common.psf.LocusStarSelection}, {@link org.vasco.common.psf.LocusComparison}). Each selection is
 * shared by the stage that uses it and the fast path's xmatch step, which lists the position-pass detections the
 * measurement pass must measure so that the selection finds every one of them. Pure geometry and statistics: no
 * files, Kafka or JDBC.
 */
package org.vasco.common.psf;
