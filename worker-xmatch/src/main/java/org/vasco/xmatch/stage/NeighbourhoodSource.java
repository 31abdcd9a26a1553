package org.vasco.xmatch.stage;

import java.io.IOException;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.task.TileTask;

/**
 * The catalogue neighbourhood of a tile, complete or not at all (the catalogue clients and their cache
 * implement it). Implementations are thread-safe.
 */
@FunctionalInterface
public interface NeighbourhoodSource {

    /**
     * @return the neighbourhood; never null and never truncated
     * @throws IOException when it cannot be obtained now (the stage retries; after the last attempt the tile fails)
     */
    CatalogueNeighbourhood neighbourhood(Catalogue catalogue, TileTask task) throws IOException;
}
