/**
 * Celestial geometry and plate astrometry: great-circle separations ({@link org.vasco.common.sky.SkyGeometry}),
 * the gnomonic projection ({@link org.vasco.common.sky.TanProjection}) and FITS pixel ↔ sky conversion from
 * either astrometric solution of a DSS header ({@link org.vasco.common.sky.PlateAstrometry}: the CD-matrix TAN WCS
 * SExtractor uses, or the GSSS plate polynomial it ignores). Angles are degrees unless a name says otherwise;
 * pixels are FITS 1-based.
 */
package org.vasco.common.sky;
