/**
 * HEALPix in the nested scheme (Górski et al. 2005, ApJ 622, 759), the sky partition of the catalogue mirrors: the
 * pixel of a sky position ({@link org.vasco.common.sky.healpix.NestedHealpix}) and every pixel that a cone touches
 * ({@link org.vasco.common.sky.healpix.HealpixCone}). Written here because no maintained HEALPix library is published
 * on Maven Central (the CDS and the official Java libraries are Debian packages only); checked against values from
 * healpy and by brute force. Pure geometry: no I/O.
 */
package org.vasco.common.sky.healpix;
