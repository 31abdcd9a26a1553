package org.vasco.xmatch.catalog;

import java.util.List;
import java.util.Objects;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;

/** A complete neighbourhood and how it was obtained. */
public record FetchedNeighbourhood(CatalogueNeighbourhood neighbourhood, FetchReport report) {

    public FetchedNeighbourhood {
        Objects.requireNonNull(neighbourhood, "neighbourhood");
        Objects.requireNonNull(report, "report");
    }

    /** The legitimately empty neighbourhood of a catalogue that does not cover this part of the sky. */
    public static FetchedNeighbourhood outsideCoverage(Catalogue catalogue, double raDeg, double decDeg, double radiusArcmin) {
        return new FetchedNeighbourhood(new CatalogueNeighbourhood(catalogue, raDeg, decDeg, radiusArcmin, List.of()),
                new FetchReport(0, 0, 0, 0, false, 0, 0, true));
    }
}
