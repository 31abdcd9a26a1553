/**
 * Catalogue neighbourhoods for the cross-match (SPEC §6.3, §6.8): one client per service (VizieR
 * asu-tsv for Gaia DR3, PS1 DR2 and USNO-B1.0; the MAST PS1 API for the bright-star list), the fetch
 * radius, and the shared cache {@code catalogs/<catalog>/<tile_id>.csv.gz} with its
 * {@code catalog_cache} row.
 *
 * <p>The contract that matters, fixing SPEC §12 #2, #3, #11, #12 and #13: a neighbourhood is complete
 * or it does not exist. A reply that reaches the row cap is split into smaller cones until every piece
 * is under the cap; a garbled, empty or failed reply is retried and then fails with a
 * {@link org.vasco.xmatch.catalog.NeighbourhoodUnavailableException}, so a tile never passes unvetoed.
 */
package org.vasco.xmatch.catalog;
