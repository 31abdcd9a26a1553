package org.vasco.xmatch.science;

/**
 * Every threshold of step 4 up to the veto (the late filters and the spike cut have theirs in
 * {@code org.vasco.common.late}), with the reference release's values from {@link #reference()}.
 *
 * @param circleRadiusArcmin    keep detections within this distance of the tile centre; 0 switches the cut off (30)
 * @param vetoRadiusArcsec      a detection is eliminated when any catalogue source lies within this (5″)
 * @param wcsfix                primary WCSFIX configuration (5″, degree 2, 20 tie points)
 * @param wcsfixFallback        used when the primary has too few tie points, or null for none (15″, degree 1, 10)
 * @param wcsfixIterations      clipping iterations (3)
 * @param hpmArcsec             a Gaia-matched detection is flagged when its star at the plate epoch is farther than this (5″)
 * @param wcsfixClipping        how the WCSFIX loop clips (the profile's; the reference's by default)
 */
public record CatalogueVetoParameters(double circleRadiusArcmin, double vetoRadiusArcsec, WcsfixConfig wcsfix,
                              WcsfixConfig wcsfixFallback, int wcsfixIterations, double hpmArcsec,
                              WcsfixClipping wcsfixClipping) {

    public static CatalogueVetoParameters reference() {
        return new CatalogueVetoParameters(30, 5, new WcsfixConfig(5, 2, 20), new WcsfixConfig(15, 1, 10), 3, 5);
    }

    /** With the reference's WCSFIX clipping. */
    public CatalogueVetoParameters(double circleRadiusArcmin, double vetoRadiusArcsec, WcsfixConfig wcsfix,
                                   WcsfixConfig wcsfixFallback, int wcsfixIterations, double hpmArcsec) {
        this(circleRadiusArcmin, vetoRadiusArcsec, wcsfix, wcsfixFallback, wcsfixIterations, hpmArcsec,
                WcsfixClipping.REFERENCE);
    }

    /** The same parameters as a run of {@code profile} uses them (its WCSFIX clipping). */
    public CatalogueVetoParameters forProfile(org.vasco.common.task.ScienceProfile profile) {
        return new CatalogueVetoParameters(circleRadiusArcmin, vetoRadiusArcsec, wcsfix, wcsfixFallback, wcsfixIterations,
                hpmArcsec, WcsfixClipping.of(profile));
    }

    public CatalogueVetoParameters {
        if (!(circleRadiusArcmin >= 0)) {
            throw new IllegalArgumentException("circle radius must be ≥ 0 arcmin (0 = off), found " + circleRadiusArcmin);
        }
        if (!(vetoRadiusArcsec > 0)) {
            throw new IllegalArgumentException("veto radius must be positive arcsec, found " + vetoRadiusArcsec);
        }
        if (wcsfixIterations < 1) {
            throw new IllegalArgumentException("WCSFIX needs at least one clipping iteration, found " + wcsfixIterations);
        }
        java.util.Objects.requireNonNull(wcsfix, "wcsfix");
        java.util.Objects.requireNonNull(wcsfixClipping, "wcsfixClipping");
    }
}
