package org.vasco.common.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.common.sky.SkyGeometry;
import org.vasco.common.sky.match.SkyIndex;

/**
 * One catalogue's neighbourhood indexed at its catalogue epoch, searched around a position at any epoch: the sources
 * found are moved to the epoch asked for with their proper motions (Gaia DR3 from 2016.0, USNO-B1.0 from 2000.0; PS1
 * has none and stays where it was measured). The one place a catalogue source is placed at the plate epoch for the
 * review page's circles and readout and for the isolation the xmatch step records with each candidate
 * ({@link NearestCatalogueSource}), so both give the same distance. Immutable once built; thread-safe.
 */
public final class SourcesAtEpoch {

    /** Proper motions above this (mas/yr) are taken as bad data: such a source is searched as if it did not move. */
    private static final double MAX_PM_MAS_YR = 10_000;
    /** The red magnitude given with each catalogue's sources. */
    private static final Map<Catalogue, String> MAGNITUDE = Map.of(Catalogue.GAIA, "Gmag", Catalogue.PS1, "rmag",
            Catalogue.USNOB, "R1mag", Catalogue.PS1_BRIGHT, "rmag");

    /** A catalogue source placed at an epoch, {@code separationArcsec} from the position searched around. */
    public record Placed(Catalogue catalogue, double raDeg, double decDeg, double separationArcsec, double magnitude) {
    }

    private final Catalogue catalogue;
    private final double[] ra;
    private final double[] dec;
    private final double[] pmRa;
    private final double[] pmDec;
    private final double[] mag;
    private final double maxPm;
    private final SkyIndex index;

    private SourcesAtEpoch(Catalogue catalogue, double[] ra, double[] dec, double[] pmRa, double[] pmDec, double[] mag,
                           double maxPm, SkyIndex index) {
        this.catalogue = catalogue;
        this.ra = ra;
        this.dec = dec;
        this.pmRa = pmRa;
        this.pmDec = pmDec;
        this.mag = mag;
        this.maxPm = maxPm;
        this.index = index;
    }

    /** The neighbourhood's sources, indexed (a neighbourhood of 200,000 rows takes tens of milliseconds). */
    public static SourcesAtEpoch of(CatalogueNeighbourhood n) {
        Catalogue catalogue = n.catalogue();
        double[] ra = n.ra();
        double[] dec = n.dec();
        int rows = ra.length;
        double[] pmRa = catalogue.hasProperMotions() ? n.doubles("pmRA") : new double[rows];
        double[] pmDec = catalogue.hasProperMotions() ? n.doubles("pmDE") : new double[rows];
        double maxPm = 0;
        for (int i = 0; i < rows; i++) {
            double pm = Math.hypot(pmRa[i], pmDec[i]);
            if (Double.isFinite(pm) && pm <= MAX_PM_MAS_YR) {
                maxPm = Math.max(maxPm, pm);
            } else if (Double.isFinite(pm)) {
                pmRa[i] = Double.NaN;
                pmDec[i] = Double.NaN;
            }
        }
        double[] mag = n.doubles(MAGNITUDE.get(catalogue));
        return new SourcesAtEpoch(catalogue, ra, dec, pmRa, pmDec, mag, maxPm, SkyIndex.build(ra, dec, 30.0));
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    /**
     * The sources of every one of {@code sources} within {@code radiusArcsec} of a position at {@code epochYear} (NaN:
     * at their catalogue epochs), nearest first; among equally near ones, in the order of {@code sources}.
     */
    public static List<Placed> near(List<SourcesAtEpoch> sources, double raDeg, double decDeg, double radiusArcsec,
                                    double epochYear) {
        List<Placed> out = new ArrayList<>();
        for (SourcesAtEpoch s : sources) {
            s.addNear(raDeg, decDeg, radiusArcsec, epochYear, out);
        }
        out.sort((a, b) -> Double.compare(a.separationArcsec(), b.separationArcsec()));
        return out;
    }

    private void addNear(double raDeg, double decDeg, double radiusArcsec, double epochYear, List<Placed> out) {
        double years = catalogue.hasProperMotions() && Double.isFinite(epochYear) ? Math.abs(epochYear - catalogue.epoch()) : 0;
        // the index holds catalogue-epoch positions: widen the search by the farthest any source can have moved
        double margin = maxPm * years / 1000.0;
        double[] moved = new double[2];
        index.forEachWithin(raDeg, decDeg, radiusArcsec + margin, (row, separation) -> {
            double r = ra[row];
            double d = dec[row];
            if (years > 0 && EpochPropagation.propagate(r, d, pmRa[row], pmDec[row], catalogue.epoch(), epochYear, moved)) {
                r = moved[0];
                d = moved[1];
            }
            double at = SkyGeometry.separationArcsec(raDeg, decDeg, r, d);
            if (at <= radiusArcsec) {
                out.add(new Placed(catalogue, r, d, at, mag[row]));
            }
        });
    }
}
