package org.vasco.xmatch.catalog;

import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.tile.TileId;

/**
 * Where the cross-match gets the catalogue sources around a tile. Implementations return a complete
 * neighbourhood or throw: there is no partial or "best effort" result (SPEC §12 #12).
 */
public interface NeighbourhoodSource {

    /**
     * The complete neighbourhood of {@code catalogue} around the tile centre. May be legitimately empty
     * only where the catalogue does not cover the sky (PS1 south of Dec −30°).
     *
     * @throws NeighbourhoodUnavailableException when no complete neighbourhood can be had; the step must fail
     * @throws InterruptedException               when the thread is interrupted while fetching or waiting
     */
    CatalogueNeighbourhood neighbourhood(Catalogue catalogue, TileId tile, double raDeg, double decDeg)
            throws NeighbourhoodUnavailableException, InterruptedException;
}
