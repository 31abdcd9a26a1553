package org.vasco.xmatch.science;

import org.vasco.common.task.ScienceProfile;

/**
 * How WCSFIX's robust loop (SPEC §6.4) clips its tie points: the two ways differ only where the reference's loop
 * is not standard iterative clipping (docs/science.md, "WCSFIX clipping").
 */
public enum WcsfixClipping {
    /**
     * The reference's {@code _robust_fit_offsets}: σ is 1.4826·MAD of <em>all</em> tie points' residuals (the
     * clipped ones too), a clipped tie point never comes back (the kept set only shrinks), and too few tie points
     * after clipping ends the fit without trying the fallback configuration (its reason does not read "too few tie
     * points", which is what the reference's fallback looks for).
     */
    REFERENCE,
    /**
     * Iterative clipping: σ of the kept tie points' residuals (the outliers do not widen their own threshold), each
     * iteration re-judges every tie point against the refitted polynomial (a point clipped under a first fit pulled
     * by outliers comes back), and too few tie points after clipping tries the fallback like too few before it, so
     * the tile keeps a correction (degree 1) instead of the raw positions.
     */
    ITERATIVE;

    /** The clipping a profile's runs use. */
    public static WcsfixClipping of(ScienceProfile profile) {
        return profile == ScienceProfile.REFERENCE ? REFERENCE : ITERATIVE;
    }
}
