package org.vasco.xmatch.science;

import java.util.List;
import java.util.Objects;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.detection.Detection;

/**
 * Everything step 4 needs for one tile. Gaia and USNO-B are required; PS1 is either a neighbourhood
 * or, only where it legitimately does not exist (Dec &lt; −30°), an explicit reason.
 *
 * @param tileId              the tile (used for source ids and messages)
 * @param centreRaDeg         tile centre
 * @param centreDecDeg        tile centre
 * @param plateEpoch          decimal year of the plate's DATE-OBS
 * @param detections          the detections (pass 2, or the fast path's position pass)
 * @param gaia                Gaia DR3 neighbourhood (J2016.0)
 * @param ps1                 PS1 DR2 neighbourhood, or null together with {@code ps1NotCoveredReason}
 * @param ps1NotCoveredReason why there is no PS1 neighbourhood, or null
 * @param usnob               USNO-B1.0 neighbourhood (J2000.0)
 * @throws MissingCatalogueException when Gaia or USNO-B is null, or PS1 is null without a reason
 */
public record CatalogueVetoInput(String tileId, double centreRaDeg, double centreDecDeg, double plateEpoch,
                         List<Detection> detections, CatalogueNeighbourhood gaia, CatalogueNeighbourhood ps1,
                         String ps1NotCoveredReason, CatalogueNeighbourhood usnob) {

    public CatalogueVetoInput {
        Objects.requireNonNull(tileId, "tileId");
        detections = List.copyOf(detections);
        if (!Double.isFinite(plateEpoch)) {
            throw new IllegalArgumentException(tileId + ": plate epoch must be a finite decimal year, found " + plateEpoch);
        }
        require(tileId, gaia, Catalogue.GAIA);
        require(tileId, usnob, Catalogue.USNOB);
        if (ps1 == null && (ps1NotCoveredReason == null || ps1NotCoveredReason.isBlank())) {
            throw new MissingCatalogueException(tileId + ": the ps1 neighbourhood is missing and no reason says the "
                    + "survey does not cover the tile");
        }
        if (ps1 != null && ps1NotCoveredReason != null) {
            throw new IllegalArgumentException(tileId + ": PS1 cannot be both present and not covering the tile");
        }
        if (ps1 != null && ps1.catalogue() != Catalogue.PS1) {
            throw new IllegalArgumentException(tileId + ": expected a ps1 neighbourhood, got " + ps1.catalogue().label());
        }
    }

    private static void require(String tileId, CatalogueNeighbourhood n, Catalogue expected) {
        if (n == null) {
            throw new MissingCatalogueException(tileId + ": the " + expected.label() + " neighbourhood is missing; "
                    + "step 4 never runs without it (SPEC §12 #12)");
        }
        if (n.catalogue() != expected) {
            throw new IllegalArgumentException(tileId + ": expected a " + expected.label() + " neighbourhood, got "
                    + n.catalogue().label());
        }
    }
}
