package org.vasco.local.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.ImageHDU;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.detection.Detection;
import org.vasco.common.psf.PsfStarPositions;
import org.vasco.common.stats.Statistics;
import org.vasco.common.tile.TileId;

/**
 * How much a synthetic tile looks like a POSS-I E scan, measured on its catalogued stars and its background only
 * (issue 18 item 3; the targets are in docs/science.md): the median FWHM_IMAGE of faint stars (the null test's
 * stars of SNR_WIN 30–60) and of bright ones (S0M's PSF stars: FLAGS 0, ELONGATION &lt; 1.3, a Gaia star of
 * 12 &lt; G &lt; 18 within 3″), the PSF stars' median SPREAD_MODEL, the background's lag-1 correlation along rows,
 * WCSFIX's σ and PSFEx's χ²/dof. Accumulates over tiles; not thread-safe.
 */
final class SkyRealism {

    /** Row segments of this many pixels, each less its median, make the background sample. */
    static final int SEGMENT_PX = 16;

    private final List<Double> faintFwhm = new ArrayList<>();
    private final List<Double> brightFwhm = new ArrayList<>();
    private final List<Double> brightSpread = new ArrayList<>();
    private final List<Double> lag1 = new ArrayList<>();
    private final List<Double> wcsfixSigma = new ArrayList<>();
    private final List<Double> chi2 = new ArrayList<>();

    /** Adds one tile's measurements. */
    void add(TileId tile, List<Detection> detections, List<Detection> testedStars, CatalogueNeighbourhood gaia, Path fits,
             double wcsfixSigmaArcsec, double psfexChi2) throws IOException {
        for (Detection d : testedStars) {
            if (d.flags() == 0 && d.snrWin() <= 60) {
                faintFwhm.add(d.fwhmImage());
            }
        }
        PsfStarPositions psf = new PsfStarPositions(PsfStarPositions.gaiaStars(gaia));
        for (Detection d : detections) {
            if (d.flags() == 0 && d.elongation() < 1.3 && psf.admits(tile, d.alphawinJ2000(), d.deltawinJ2000())) {
                brightFwhm.add(d.fwhmImage());
                brightSpread.add(d.spreadModel());
            }
        }
        lag1.add(backgroundLag1(fits));
        wcsfixSigma.add(wcsfixSigmaArcsec);
        chi2.add(psfexChi2);
    }

    /**
     * The lag-1 correlation of the background along rows: 1 − MAD²(x[i+1] − x[i]) / (2·MAD²(x − segment median)),
     * robust against the stars, which are few among the pixels.
     */
    static double backgroundLag1(Path fits) throws IOException {
        try (Fits f = new Fits(fits.toFile())) {
            Object kernel = ((ImageHDU) f.readHDU()).getKernel();
            int rows = java.lang.reflect.Array.getLength(kernel);
            List<Double> level = new ArrayList<>();
            List<Double> step = new ArrayList<>();
            for (int y = 0; y < rows; y += 2) {
                Object row = java.lang.reflect.Array.get(kernel, y);
                int width = java.lang.reflect.Array.getLength(row);
                for (int x0 = 0; x0 + SEGMENT_PX <= width; x0 += SEGMENT_PX) {
                    double[] v = new double[SEGMENT_PX];
                    for (int i = 0; i < SEGMENT_PX; i++) {
                        v[i] = ((Number) java.lang.reflect.Array.get(row, x0 + i)).doubleValue();
                    }
                    double median = Statistics.median(v);
                    for (int i = 0; i + 1 < SEGMENT_PX; i++) {
                        level.add(v[i] - median);
                        step.add(v[i + 1] - v[i]);
                    }
                }
            }
            double madLevel = mad(level);
            double madStep = mad(step);
            return 1.0 - madStep * madStep / (2.0 * madLevel * madLevel);
        } catch (FitsException | ClassCastException e) {
            throw new IOException(fits + " is not a readable image: " + e.getMessage(), e);
        }
    }

    private static double mad(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double median = Statistics.median(v);
        return Statistics.median(Arrays.stream(v).map(x -> Math.abs(x - median)).toArray());
    }

    double faintFwhm() {
        return median(faintFwhm);
    }

    double brightFwhm() {
        return median(brightFwhm);
    }

    double brightSpread() {
        return median(brightSpread);
    }

    double lag1() {
        return median(lag1);
    }

    double wcsfixSigma() {
        return median(wcsfixSigma);
    }

    double chi2() {
        return median(chi2);
    }

    int faintStars() {
        return faintFwhm.size();
    }

    int brightStars() {
        return brightFwhm.size();
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
        return v.length == 0 ? Double.NaN : Statistics.median(v);
    }
}
