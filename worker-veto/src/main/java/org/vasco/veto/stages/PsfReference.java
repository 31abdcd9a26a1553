package org.vasco.veto.stages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.vasco.common.sky.SkyGeometry;

/**
 * A tile's PSF reference (SPEC §9.2): detections with FLAGS 0 and ELONGATION &lt; 1.3 lying within 3″ of a
 * Gaia star with 12 &lt; G &lt; 18; their plain median FWHM and SPREAD_MODEL.
 *
 * @param starCount      PSF stars found
 * @param fwhmMedian     median FWHM_IMAGE of those stars, px (NaN without stars)
 * @param spreadMedian   median SPREAD_MODEL (NaN without stars)
 */
record PsfReference(int starCount, double fwhmMedian, double spreadMedian) {

    static final double MATCH_ARCSEC = 3.0;
    static final double ELONGATION_MAX = 1.3;
    static final double G_BRIGHT = 12.0;
    static final double G_FAINT = 18.0;

    static PsfReference of(TilePsfStars.Neighbourhood tile) {
        List<TilePsfStars.GaiaStar> gaia = new ArrayList<>();
        for (TilePsfStars.GaiaStar g : tile.gaia()) {
            if (g.gmag() > G_BRIGHT && g.gmag() < G_FAINT) {
                gaia.add(g);
            }
        }
        gaia.sort(Comparator.comparingDouble(TilePsfStars.GaiaStar::decDeg));
        double[] decs = gaia.stream().mapToDouble(TilePsfStars.GaiaStar::decDeg).toArray();
        List<Double> fwhm = new ArrayList<>();
        List<Double> spread = new ArrayList<>();
        for (TilePsfStars.Detection d : tile.detections()) {
            if (d.flags() == 0 && d.elongation() < ELONGATION_MAX && nearGaia(d, gaia, decs)) {
                fwhm.add(d.fwhmImage());
                spread.add(d.spreadModel());
            }
        }
        return new PsfReference(fwhm.size(), median(fwhm), median(spread));
    }

    private static boolean nearGaia(TilePsfStars.Detection d, List<TilePsfStars.GaiaStar> gaia, double[] decs) {
        double window = MATCH_ARCSEC / SkyGeometry.ARCSEC_PER_DEG;
        int i = Arrays.binarySearch(decs, d.decDeg() - window);
        for (i = i < 0 ? -i - 1 : i; i < decs.length && decs[i] <= d.decDeg() + window; i++) {
            TilePsfStars.GaiaStar g = gaia.get(i);
            if (SkyGeometry.separationArcsec(d.raDeg(), d.decDeg(), g.raDeg(), g.decDeg()) <= MATCH_ARCSEC) {
                return true;
            }
        }
        return false;
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        int n = v.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
