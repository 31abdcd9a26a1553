package org.vasco.download;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vasco.common.sky.AstrometryHeaderException;
import org.vasco.common.sky.HeaderValues;
import org.vasco.common.sky.PlateAstrometry;
import org.vasco.common.sky.SolutionOffsets;

/**
 * The astrometry a cut-out's header carries, as the rest of the pipeline will read it
 * ({@link PlateAstrometry}): which solutions are usable, the pixel scale measured from the one in use
 * (√|det CD| for the CD-matrix WCS, the polynomial's Jacobian otherwise), and, when the header carries
 * both, how far apart the CD WCS and the DSS plate polynomial put the centre and corners (SPEC §12:
 * ~2.3″ on a third of the plates; SExtractor and this pipeline use the CD one).
 *
 * @param label            {@code cd}, {@code dss} or {@code cd+dss}: the usable solutions
 * @param pixelScaleArcsec measured, arcsec per pixel
 * @param offsets          CD vs DSS offsets, or null when the header lacks one of them or they cannot be compared
 */
public record CutoutAstrometry(String label, double pixelScaleArcsec, SolutionOffsets offsets) {

    /**
     * Largest CD-vs-polynomial offset of a self-consistent header. Real DSS headers differ by ~2–5″ (SPEC §12);
     * a minute of arc (35 pixels) means the two solutions describe different fields, and the header cannot be
     * trusted whichever one a later step would read.
     */
    static final double MAX_SOLUTION_DISAGREEMENT_ARCSEC = 60.0;

    /**
     * Measures a header.
     *
     * @throws AstrometryHeaderException naming the missing or unusable keys when neither solution is usable, or
     *                                   the offsets when both are usable but contradict each other
     */
    static CutoutAstrometry measure(CutoutHeader header, String source) {
        HeaderValues values = HeaderValues.of(header.cards(), source);
        Optional<PlateAstrometry> cd = usable(values, PlateAstrometry.Solution.CD);
        Optional<PlateAstrometry> dss = usable(values, PlateAstrometry.Solution.DSS);
        if (cd.isEmpty() && dss.isEmpty()) {
            // AUTO's exception names what each solution lacks or why it is unusable.
            PlateAstrometry.of(values, PlateAstrometry.Solution.AUTO);
            throw new AstrometryHeaderException(source + " has no usable astrometric solution");
        }
        List<String> labels = new ArrayList<>();
        cd.ifPresent(a -> labels.add("cd"));
        dss.ifPresent(a -> labels.add("dss"));
        SolutionOffsets offsets = null;
        if (cd.isPresent() && dss.isPresent()) {
            try {
                offsets = PlateAstrometry.solutionOffsets(values).orElse(null);
            } catch (RuntimeException e) {
                // Both solutions load but cannot be compared (e.g. a polynomial that diverges at a corner):
                // the cut-out is still usable through the CD solution; the offsets stay unmeasured.
                offsets = null;
            }
            if (offsets != null && offsets.maxArcsec() > MAX_SOLUTION_DISAGREEMENT_ARCSEC) {
                throw new AstrometryHeaderException(String.format(java.util.Locale.ROOT, "%s: the CD WCS and the DSS plate"
                        + " polynomial disagree by %.1f\" (centre %.1f\"), more than %.0f\": the header contradicts itself",
                        source, offsets.maxArcsec(), offsets.centreArcsec(), MAX_SOLUTION_DISAGREEMENT_ARCSEC));
            }
        }
        return new CutoutAstrometry(String.join("+", labels), cd.orElseGet(dss::get).pixelScaleArcsec(), offsets);
    }

    private static Optional<PlateAstrometry> usable(HeaderValues values, PlateAstrometry.Solution solution) {
        try {
            return Optional.of(PlateAstrometry.of(values, solution));
        } catch (AstrometryHeaderException e) {
            return Optional.empty();
        }
    }

    /** The offsets as the registry's {@code wcs_offsets} JSON members (arcseconds), or null. */
    java.util.Map<String, Double> offsetsJson() {
        if (offsets == null) {
            return null;
        }
        java.util.Map<String, Double> json = new java.util.LinkedHashMap<>();
        json.put("centre_arcsec", offsets.centreArcsec());
        json.put("lower_left_arcsec", offsets.lowerLeftArcsec());
        json.put("lower_right_arcsec", offsets.lowerRightArcsec());
        json.put("upper_left_arcsec", offsets.upperLeftArcsec());
        json.put("upper_right_arcsec", offsets.upperRightArcsec());
        json.put("max_arcsec", offsets.maxArcsec());
        return json;
    }
}
