package org.vasco.xmatch.mirror.build;

import org.vasco.common.tile.TileId;

/**
 * One cone a mirror is built for: a plan tile's neighbourhood.
 *
 * @param tile         the tile
 * @param raDeg        its centre
 * @param decDeg       its centre
 * @param radiusArcmin the neighbourhood radius of the catalogue
 */
public record BuildCone(TileId tile, double raDeg, double decDeg, double radiusArcmin) {
}
