package org.vasco.common.catalog;

import java.util.List;

/**
 * How isolated a candidate is: the distance to the nearest Gaia DR3, PS1 or USNO-B1.0 source at the plate epoch,
 * searched within {@value #SEARCH_ARCSEC}″. Recorded by the xmatch step with each candidate from the neighbourhoods it
 * has in memory (columns {@code candidate.nearest_catalogue_arcsec} and {@code nearest_catalogue}); read by the review
 * page's readout and its "most isolated first" order, which compute it from the kept neighbourhood files the same way
 * only for candidates recorded before the step did.
 *
 * @param arcsec    the distance to the nearest source, {@value #SEARCH_ARCSEC} when none is nearer
 * @param catalogue that source's catalogue, null when none is within {@value #SEARCH_ARCSEC}″
 */
public record NearestCatalogueSource(double arcsec, Catalogue catalogue) {

    /** How far the nearest source is looked for. */
    public static final double SEARCH_ARCSEC = 120.0;
    /** The catalogues searched: the three of the veto. */
    public static final List<Catalogue> CATALOGUES = List.of(Catalogue.GAIA, Catalogue.PS1, Catalogue.USNOB);

    /** True when a source is within {@value #SEARCH_ARCSEC}″. */
    public boolean found() {
        return catalogue != null;
    }

    /** The nearest of {@code sources} (those of {@link #CATALOGUES} a tile has) to a position at {@code epochYear}. */
    public static NearestCatalogueSource of(List<SourcesAtEpoch> sources, double raDeg, double decDeg, double epochYear) {
        return of(SourcesAtEpoch.near(sources, raDeg, decDeg, SEARCH_ARCSEC, epochYear));
    }

    /** The first of {@code nearestFirst}, a search's result within {@value #SEARCH_ARCSEC}″. */
    public static NearestCatalogueSource of(List<SourcesAtEpoch.Placed> nearestFirst) {
        return nearestFirst.isEmpty() ? new NearestCatalogueSource(SEARCH_ARCSEC, null)
                : new NearestCatalogueSource(nearestFirst.get(0).separationArcsec(), nearestFirst.get(0).catalogue());
    }
}
