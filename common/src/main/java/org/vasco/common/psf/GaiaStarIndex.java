package org.vasco.common.psf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.vasco.common.sky.SkyGeometry;

/**
 * The Gaia stars of a tile within a magnitude range, sorted by Dec for quick "is a star near this position"
 * questions (a tile holds a few thousand). Immutable and thread-safe.
 */
final class GaiaStarIndex {

    private final List<PsfStarPositions.GaiaStar> stars;
    private final double[] decs;

    /** The stars with {@code gBright < G < gFaint} and a finite position. */
    GaiaStarIndex(Collection<PsfStarPositions.GaiaStar> gaia, double gBright, double gFaint) {
        List<PsfStarPositions.GaiaStar> usable = new ArrayList<>();
        for (PsfStarPositions.GaiaStar g : gaia) {
            if (g.gmag() > gBright && g.gmag() < gFaint && Double.isFinite(g.raDeg()) && Double.isFinite(g.decDeg())) {
                usable.add(g);
            }
        }
        usable.sort(Comparator.comparingDouble(PsfStarPositions.GaiaStar::decDeg));
        this.stars = List.copyOf(usable);
        this.decs = usable.stream().mapToDouble(PsfStarPositions.GaiaStar::decDeg).toArray();
    }

    /** True when a star lies within {@code radiusArcsec} of the position. */
    boolean anyWithin(double raDeg, double decDeg, double radiusArcsec) {
        double window = radiusArcsec / SkyGeometry.ARCSEC_PER_DEG;
        int i = Arrays.binarySearch(decs, decDeg - window);
        for (i = i < 0 ? -i - 1 : i; i < decs.length && decs[i] <= decDeg + window; i++) {
            PsfStarPositions.GaiaStar g = stars.get(i);
            if (SkyGeometry.separationArcsec(raDeg, decDeg, g.raDeg(), g.decDeg()) <= radiusArcsec) {
                return true;
            }
        }
        return false;
    }
}
