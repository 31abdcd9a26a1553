package org.vasco.common.fits;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nom.tam.fits.Header;
import org.vasco.common.detection.Detection;
import org.vasco.common.sky.AstrometryHeaderException;
import org.vasco.common.sky.HeaderValues;
import org.vasco.common.sky.PlateAstrometry;
import org.vasco.common.sky.SkyPosition;

/**
 * Decides where the detections' world coordinates come from and fills them in when SExtractor
 * could not. SExtractor computes them from a CD-matrix/CDELT TAN WCS; on a header with only the
 * DSS plate polynomial (AMDX/AMDY, PPO…) it writes zeros, so those positions are computed here
 * with {@link PlateAstrometry}.
 *
 * <p>Each world column is computed from the pixel column SExtractor itself would have used:
 * ALPHAWIN/DELTAWIN_J2000 from XWIN/YWIN_IMAGE, and ALPHA/DELTA_J2000 and X/Y_WORLD from
 * X/Y_IMAGE (the isophotal barycentre). That keeps the columns' meaning identical on both kinds of
 * header, so positions agree with SExtractor's on a tile that has both solutions.
 */
public final class DetectionAstrometry {

    private DetectionAstrometry() {
    }

    /**
     * The detections of a catalogue with their world coordinates placed by the solution its image header
     * (HDU 1, {@code LDAC_IMHEAD}) carries: every reader of a pass-2 catalogue sees the same positions,
     * also on headers with only the DSS polynomial, where SExtractor itself wrote zeros.
     */
    public static List<Detection> placedDetections(LdacCatalogue catalogue) throws FitsFormatException {
        Header header = catalogue.imageHeader();
        String source = catalogue.file().toString();
        return apply(of(header, source), header, catalogue.detections(), source);
    }

    /**
     * The position-pass rows of a catalogue ({@link LdacCatalogue#positions}) placed exactly as
     * {@link #placedDetections} places pass-2 rows: the fast path's positions are the full path's.
     */
    public static List<Detection> placedPositions(LdacCatalogue catalogue) throws FitsFormatException {
        Header header = catalogue.imageHeader();
        String source = catalogue.file().toString();
        return apply(of(header, source), header, catalogue.positions(), source);
    }

    /** Which solution applies to an image header: SExtractor's own when it has a CD WCS, else the DSS polynomial. */
    public static Astrometry of(Header header, String source) {
        Set<PlateAstrometry.Solution> available = PlateAstrometry.availableSolutions(HeaderValues.of(header, source));
        if (available.contains(PlateAstrometry.Solution.CD)) {
            return Astrometry.SEXTRACTOR_WCS;
        }
        return available.contains(PlateAstrometry.Solution.DSS) ? Astrometry.DSS_PLATE_POLYNOMIAL : Astrometry.NONE;
    }

    /**
     * The detections with world coordinates from the given solution (unchanged unless it is the DSS polynomial).
     *
     * @throws AstrometryHeaderException when the DSS keywords are present but unusable
     */
    public static List<Detection> apply(Astrometry astrometry, Header header, List<Detection> detections, String source) {
        if (astrometry != Astrometry.DSS_PLATE_POLYNOMIAL) {
            return detections;
        }
        PlateAstrometry plate = PlateAstrometry.of(header, source, PlateAstrometry.Solution.DSS);
        List<Detection> placed = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            SkyPosition barycentre = plate.pixelToSky(d.xImage(), d.yImage());
            SkyPosition windowed = plate.pixelToSky(d.xwinImage(), d.ywinImage());
            placed.add(new Detection(d.number(), d.flags(), d.xImage(), d.yImage(), d.xwinImage(), d.ywinImage(),
                    d.elongation(), d.fwhmImage(), d.xminImage(), d.xmaxImage(), d.yminImage(), d.ymaxImage(),
                    barycentre.raDeg(), barycentre.decDeg(), barycentre.raDeg(), barycentre.decDeg(),
                    windowed.raDeg(), windowed.decDeg(), d.fluxAuto(), d.magAuto(), d.classStar(), d.ellipticity(),
                    d.spreadModel(), d.spreaderrModel(), d.snrWin(), d.fluxAper()));
        }
        return placed;
    }
}
