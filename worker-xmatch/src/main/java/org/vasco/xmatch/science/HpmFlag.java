package org.vasco.xmatch.science;

import java.util.ArrayList;
import java.util.List;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.common.sky.SkyGeometry;

/**
 * The high-proper-motion annotation (SPEC §6.9). For each Gaia veto pair, the Gaia star's catalogue
 * position (J2016.0) is moved with its real {@code pmRA}/{@code pmDE} to the target epoch and the
 * pair is flagged when that position is more than the threshold (5″) from the detection's raw
 * ALPHA/DELTA_J2000. Annotation only: nothing is removed.
 *
 * <p>The reference read {@code pmra}/{@code pmdec}, names the Gaia table does not have, so its proper
 * motions were always 0 and the flag never fired; it also moved the stars to a fixed 1950.0 where
 * the plate epoch is the right one. Stateless and thread-safe.
 */
public final class HpmFlag {

    /**
     * One flagged pair.
     *
     * @param detectionRow    index of the detection in the caller's table
     * @param gaiaRow         index of the Gaia source in its neighbourhood
     * @param separationArcsec raw detection to the star at the target epoch
     * @param motionArcsec    how far the star moved between the Gaia epoch and the target epoch
     */
    public record Flagged(int detectionRow, int gaiaRow, double separationArcsec, double motionArcsec) {
    }

    private final double thresholdArcsec;

    public HpmFlag(double thresholdArcsec) {
        if (!(thresholdArcsec > 0)) {
            throw new IllegalArgumentException("HPM threshold must be positive arcsec, found " + thresholdArcsec);
        }
        this.thresholdArcsec = thresholdArcsec;
    }

    /**
     * @param detectionRows per pair, the detection index
     * @param gaiaRows      per pair, the Gaia index
     * @param rawRa         raw ALPHA_J2000 per detection index
     * @param rawDec        raw DELTA_J2000 per detection index
     * @param gaiaRa        Gaia RA at its catalogue epoch, per Gaia index
     * @param gaiaDec       Gaia Dec
     * @param pmRa          Gaia pmRA (μα·cosδ, mas/yr)
     * @param pmDe          Gaia pmDE (mas/yr)
     */
    public List<Flagged> flag(int[] detectionRows, int[] gaiaRows, double[] rawRa, double[] rawDec, double[] gaiaRa,
                              double[] gaiaDec, double[] pmRa, double[] pmDe, double gaiaEpoch, double targetEpoch) {
        List<Flagged> flagged = new ArrayList<>();
        double[] moved = new double[2];
        for (int k = 0; k < detectionRows.length; k++) {
            int det = detectionRows[k];
            int g = gaiaRows[k];
            if (!EpochPropagation.propagate(gaiaRa[g], gaiaDec[g], pmRa[g], pmDe[g], gaiaEpoch, targetEpoch, moved)) {
                continue;
            }
            double sep = SkyGeometry.separationArcsec(rawRa[det], rawDec[det], moved[0], moved[1]);
            if (sep > thresholdArcsec) {
                double motion = SkyGeometry.separationArcsec(gaiaRa[g], gaiaDec[g], moved[0], moved[1]);
                flagged.add(new Flagged(det, g, sep, motion));
            }
        }
        return List.copyOf(flagged);
    }
}
