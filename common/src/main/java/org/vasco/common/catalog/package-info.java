/**
 * The modern catalogues a plate detection is vetoed against (Gaia DR3, Pan-STARRS1, USNO-B1.0 and the PS1 bright
 * stars; SPEC §6.3, §6.8): their columns, the neighbourhood of one catalogue around a tile, its gzip CSV file format
 * (also the reference pipeline's own files), the compact row storage behind it, and the search of a neighbourhood at
 * an epoch (a candidate's nearest catalogue source). Pure data, formats and geometry: no Kafka, JDBC or HTTP.
 */
package org.vasco.common.catalog;
