/**
 * Catalogue mirrors: local or object-store copies of Gaia DR3, PS1 DR2 and USNO-B1.0 partitioned by HEALPix, read
 * instead of asking VizieR for every tile (issue 19). Two layouts are read: the reference's level-5 Hive layout
 * ({@code parquet/healpix_5=<pixel>/*.parquet}, {@link org.vasco.xmatch.mirror.HealpixFiveLayout}) and HATS
 * ({@code dataset/Norder=k/Dir=d/Npix=n.parquet}, {@link org.vasco.xmatch.mirror.HatsLayout}).
 * {@link org.vasco.xmatch.mirror.MirrorConeSearch} answers a cone with the same columns, units, epochs, filters and
 * number formats as the VizieR path; a mirror that lacks a pixel, holds a corrupt file or has the wrong columns fails
 * with a {@link org.vasco.xmatch.mirror.MirrorException} naming it, never with an empty neighbourhood. Parquet is read
 * through DuckDB's embedded engine ({@link org.vasco.xmatch.mirror.ParquetEngine}).
 */
package org.vasco.xmatch.mirror;
