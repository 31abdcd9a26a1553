package org.vasco.veto.stages;

import java.util.ArrayList;
import java.util.List;
import org.vasco.common.psf.PsfStarPositions;

/**
 * A tile's PSF reference (SPEC §9.2): detections with FLAGS 0 and ELONGATION &lt; 1.3 lying within 3″ of a
 * Gaia star with 12 &lt; G &lt; 18; their plain median FWHM and SPREAD_MODEL.
 *
 * @param starCount      PSF stars found
 * @param fwhmMedian     median FWHM_IMAGE of those stars, px (NaN without stars)
 * @param spreadMedian   median SPREAD_MODEL (NaN without stars)
 */
record PsfReference(int starCount, double fwhmMedian, double spreadMedian) {

    static final double MATCH_ARCSEC = PsfStarPositions.MATCH_ARCSEC;
    static final double ELONGATION_MAX = 1.3;
    static final double G_BRIGHT = PsfStarPositions.G_BRIGHT;
    static final double G_FAINT = PsfStarPositions.G_FAINT;

    /**
     * The reference of a tile's detections. The Gaia match is {@link PsfStarPositions}'s, the predicate the fast
     * path's xmatch step also uses to list the objects its measurement pass must measure for this selection.
     */
    static PsfReference of(TilePsfStars.Neighbourhood tile) {
        List<PsfStarPositions.GaiaStar> stars = new ArrayList<>(tile.gaia().size());
        for (TilePsfStars.GaiaStar g : tile.gaia()) {
            stars.add(new PsfStarPositions.GaiaStar(g.raDeg(), g.decDeg(), g.gmag()));
        }
        PsfStarPositions gaia = new PsfStarPositions(stars);
        List<Double> fwhm = new ArrayList<>();
        List<Double> spread = new ArrayList<>();
        for (TilePsfStars.Detection d : tile.detections()) {
            if (d.flags() == 0 && d.elongation() < ELONGATION_MAX && gaia.nearGaiaStar(d.raDeg(), d.decDeg())) {
                fwhm.add(d.fwhmImage());
                spread.add(d.spreadModel());
            }
        }
        return new PsfReference(fwhm.size(), median(fwhm), median(spread));
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
