package org.vasco.veto.stages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.vasco.veto.shape.PixelImage;

/**
 * Where a candidate lies on its tile's image, as both S0S stages read it: XWIN_IMAGE/YWIN_IMAGE made 0-based, or the
 * reason the stage cannot judge it ({@code pixel_coords_missing}, {@code outside_image}), which it reports as a
 * {@code shape_failed} flag, as the reference does.
 *
 * @param x       0-based column (NaN with a failure)
 * @param y       0-based row (NaN with a failure)
 * @param failure why there is no position, or null
 */
record CandidatePixel(double x, double y, String failure) {

    /** The candidate's position on {@code image}. */
    static CandidatePixel of(Candidate c, PixelImage image) {
        OptionalDouble xwin = c.measurement("XWIN_IMAGE");
        OptionalDouble ywin = c.measurement("YWIN_IMAGE");
        if (xwin.isEmpty() || ywin.isEmpty()) {
            return new CandidatePixel(Double.NaN, Double.NaN, "pixel_coords_missing");
        }
        double x = xwin.getAsDouble() - 1.0;
        double y = ywin.getAsDouble() - 1.0;
        if (x < 0 || y < 0 || x > image.width() - 1 || y > image.height() - 1) {
            return new CandidatePixel(Double.NaN, Double.NaN, "outside_image");
        }
        return new CandidatePixel(x, y, null);
    }

    /** The verdict of a shape stage that cannot judge {@code c}: kept, flagged {@code shape_failed} with the reason. */
    static CandidateVerdict failed(Candidate c, String reason) {
        return CandidateVerdict.flag(c.srcId(), "shape_failed", Map.of("failure_reason", reason));
    }

    /** A batch's candidates by tile, tiles in first-seen order. */
    static Map<String, List<Candidate>> byTile(List<Candidate> batch) {
        Map<String, List<Candidate>> byTile = new LinkedHashMap<>();
        batch.forEach(c -> byTile.computeIfAbsent(c.tileId(), k -> new ArrayList<>()).add(c));
        return byTile;
    }
}
