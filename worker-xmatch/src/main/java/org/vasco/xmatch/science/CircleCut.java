package org.vasco.xmatch.science;

import org.vasco.common.sky.SkyGeometry;

/**
 * The circular region of SPEC §6.2: keep positions whose great-circle distance from the tile centre
 * is at most the radius (inclusive). A radius of 0 switches the cut off (everything is inside), as
 * the reference's {@code VASCO_CIRCLE_ARCMIN=0}; the default here is the release's 30′.
 */
public record CircleCut(double radiusArcmin, double centreRaDeg, double centreDecDeg) {

    public CircleCut {
        if (!(radiusArcmin >= 0)) {
            throw new IllegalArgumentException("circle radius must be ≥ 0 arcmin, found " + radiusArcmin);
        }
        if (!Double.isFinite(centreRaDeg) || !(centreDecDeg >= -90 && centreDecDeg <= 90)) {
            throw new IllegalArgumentException("tile centre (" + centreRaDeg + ", " + centreDecDeg + ") is not a sky position");
        }
    }

    public boolean enabled() {
        return radiusArcmin > 0;
    }

    /** Whether the position is kept; a position that is not finite is outside when the cut is on. */
    public boolean inside(double raDeg, double decDeg) {
        if (!enabled()) {
            return true;
        }
        double sep = SkyGeometry.separationDeg(centreRaDeg, centreDecDeg, raDeg, decDeg);
        return sep * 60.0 <= radiusArcmin;
    }
}
