/**
 * Building and checking catalogue mirrors ({@code vasco catalog mirror build|verify}): the reference's level-5 layout
 * written from bulk CSV/ECSV files (gzipped or not), from a HATS catalogue, or from VizieR cones over a plan's tiles,
 * resumable after an interrupt, finished with a {@code MANIFEST.json} (provenance, schema, rows and SHA-256 per
 * pixel file) and the catalogue's {@code LICENSE.txt}; and the verification of such a mirror against its manifest.
 */
package org.vasco.xmatch.mirror.build;
