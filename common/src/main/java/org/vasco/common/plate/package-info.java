/**
 * The 932 POSS-I E plates from the bundled plate metadata, and the plate epoch read from a FITS {@code DATE-OBS}
 * with the reference's overflow rules (SPEC §6.1). Pure data: no Kafka, JDBC or network.
 */
package org.vasco.common.plate;
