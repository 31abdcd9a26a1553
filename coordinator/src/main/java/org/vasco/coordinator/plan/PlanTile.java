package org.vasco.coordinator.plan;

import java.util.Objects;
import org.vasco.common.tile.TileId;

/**
 * One row of the tessellation plan.
 *
 * @param plateId      the plate the tile is attributed to (planning only: the archive may cut it from a neighbour, SPEC §2.6)
 * @param plateTileIdx 0-based index of the tile within its plate, in (ra, dec) order
 * @param tileId       the tile id, formatted from the rounded centre
 * @param raDeg        tile centre RA, degrees, rounded to 3 decimals
 * @param decDeg       tile centre Dec, degrees, rounded to 3 decimals
 * @param sizeArcmin   tile side, arcminutes (always {@value TessellationPlan#TILE_SIZE_ARCMIN})
 * @param survey       the cut-out survey (always {@value TessellationPlan#SURVEY})
 */
public record PlanTile(String plateId, int plateTileIdx, TileId tileId, double raDeg, double decDeg,
                       int sizeArcmin, String survey) {

    public PlanTile {
        Objects.requireNonNull(plateId, "plateId");
        Objects.requireNonNull(tileId, "tileId");
        Objects.requireNonNull(survey, "survey");
        if (plateTileIdx < 0) {
            throw new IllegalArgumentException("plate_tile_idx must be >= 0, found " + plateTileIdx + " for " + tileId);
        }
    }
}
