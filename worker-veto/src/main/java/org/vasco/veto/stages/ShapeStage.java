package org.vasco.veto.stages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.vasco.common.psf.PsfStarPositions;
import org.vasco.common.tile.TileId;
import org.vasco.veto.shape.Background2D;
import org.vasco.veto.shape.ContourShape;
import org.vasco.veto.shape.PixelImage;
import org.vasco.veto.shape.ProfileDifference;
import org.vasco.veto.shape.RadialProfile;

/**
 * S0S, pixel-level shape (SPEC §9.3, after Busko 2026): reject when the radial-profile difference against
 * similar-flux neighbours exceeds its limit, ELONGATION exceeds its limit, or the contour circularity is below
 * its limit. A metric that could not be measured does not reject. Candidates whose tile pixels or pixel
 * position are missing pass flagged {@code shape_failed}, as in the reference.
 * <p>
 * The neighbourhood cut-out is placed at the candidate's XWIN/YWIN rather than at its WCS position (the
 * reference converts RA/Dec through the header WCS; both name the same pixel on a tile whose pass-2 positions
 * come from that WCS) — it saves reading the astrometry here. The neighbours are, as in the reference, the
 * detections of the circle-cut catalogue: those inside the 30′ circle around the tile centre.
 * <p>
 * The reference profile's S0S; the corrected profile's is {@link LocusShapeStage}.
 */
public final class ShapeStage implements VetoStage {

    public static final String NAME = "S0S_SHAPE";
    static final double NEIGHBOURHOOD_ARCMIN = 8.0;
    static final double INVERT_MAX = 65535.0;
    static final double FLUX_RANGE = 0.1;
    static final int TINY_CUTOUT_PX = 21;
    static final int[] THRESHOLDS = {21, 45};
    static final int BACKGROUND_BOX = 40;
    static final int BACKGROUND_FILTER = 3;

    private final TilePixels tiles;
    private final double profileDiffMax;
    private final double elongationMax;
    private final double circularityMin;

    public ShapeStage(TilePixels tiles, double profileDiffMax, double elongationMax, double circularityMin) {
        this.tiles = tiles;
        this.profileDiffMax = profileDiffMax;
        this.elongationMax = elongationMax;
        this.circularityMin = circularityMin;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("profile_diff_threshold", profileDiffMax);
        p.put("elongation_limit", elongationMax);
        p.put("circularity_low_limit", circularityMin);
        p.put("neighborhood_cutout_size_arcmin", NEIGHBOURHOOD_ARCMIN);
        p.put("edge_radii", "arange30/2");
        p.put("flux_range", FLUX_RANGE);
        p.put("invert_max", INVERT_MAX);
        p.put("tiny_cutout_size_px", TINY_CUTOUT_PX);
        p.put("opencv_thresholds", List.of(THRESHOLDS[0], THRESHOLDS[1]));
        p.put("background", "box 40, filter 3, 3-sigma clipped median");
        return p;
    }

    @Override
    public List<CandidateVerdict> judge(List<Candidate> batch) throws VetoStageException {
        List<CandidateVerdict> verdicts = new ArrayList<>(batch.size());
        for (Map.Entry<String, List<Candidate>> tile : CandidatePixel.byTile(batch).entrySet()) {
            Optional<TilePixels.TileImage> image;
            List<TilePixels.Star> stars;
            try {
                image = tiles.image(tile.getKey());
                TileId id = TileId.of(tile.getKey());
                // the reference reads its neighbours from the circle-cut sextractor_pass2.csv
                stars = image.isPresent() ? tiles.stars(tile.getKey()).stream()
                        .filter(s -> PsfStarPositions.insideCircle(id, s.raDeg(), s.decDeg())).toList() : List.of();
            } catch (IOException e) {
                throw new VetoStageException(NAME, true, "reading tile " + tile.getKey() + " failed: " + e.getMessage(), e);
            }
            for (Candidate c : tile.getValue()) {
                verdicts.add(image.isEmpty() ? CandidatePixel.failed(c, "fits_not_found") : verdict(c, image.get(), stars));
            }
        }
        return verdicts;
    }

    private CandidateVerdict verdict(Candidate c, TilePixels.TileImage tile, List<TilePixels.Star> stars) {
        PixelImage pixels = tile.pixels();
        CandidatePixel at = CandidatePixel.of(c, pixels);
        if (at.failure() != null) {
            return CandidatePixel.failed(c, at.failure());
        }
        double x = at.x();
        double y = at.y();
        int starsUsed = 0;
        double profileDiff = Double.NaN;
        OptionalDouble flux = c.measurement("FLUX_AUTO");
        int size = (int) Math.round(NEIGHBOURHOOD_ARCMIN * 60.0 / tile.pixelScaleArcsec());
        PixelImage.Cutout hood = pixels.cutoutAround(x, y, size);
        PixelImage prepared = precondition(hood.image());
        double[] edges = RadialProfile.referenceEdges();
        if (flux.isPresent()) {
            double lo = flux.getAsDouble() * (1 - FLUX_RANGE);
            double hi = flux.getAsDouble() * (1 + FLUX_RANGE);
            List<double[]> profiles = new ArrayList<>();
            for (TilePixels.Star s : stars) {
                double sx = s.xwin() - 1.0 - hood.originX();
                double sy = s.ywin() - 1.0 - hood.originY();
                if (s.number() == c.objectNumber() || s.flux() < lo || s.flux() > hi
                        || sx < 0 || sy < 0 || sx >= prepared.width() || sy >= prepared.height()) {
                    continue;
                }
                profiles.add(RadialProfile.normalised(RadialProfile.of(prepared, sx, sy, edges)));
            }
            starsUsed = profiles.size();
            double[] target = RadialProfile.normalised(
                    RadialProfile.of(prepared, x - hood.originX(), y - hood.originY(), edges));
            profileDiff = ProfileDifference.of(target, profiles);
        }
        ContourShape.Metrics contour = ContourShape.measure(pixels, x, y, TINY_CUTOUT_PX, THRESHOLDS);
        double elongation = c.measurement("ELONGATION").orElse(Double.NaN);

        Map<String, Object> details = new LinkedHashMap<>();
        putFinite(details, "profile_diff", profileDiff);
        putFinite(details, "circularity", contour.circularity());
        putFinite(details, "area", contour.area());
        details.put("shape_confidence", contour.confidence());
        putFinite(details, "elongation", elongation);
        details.put("stars_used", starsUsed);
        List<String> reasons = new ArrayList<>();
        if (!Double.isNaN(profileDiff) && profileDiff > profileDiffMax) {
            reasons.add("profile_diff");
        }
        if (!Double.isNaN(elongation) && elongation > elongationMax) {
            reasons.add("elongation");
        }
        if (!Double.isNaN(contour.circularity()) && contour.circularity() < circularityMin) {
            reasons.add("circularity");
        }
        return reasons.isEmpty() ? CandidateVerdict.keep(c.srcId(), details)
                : CandidateVerdict.reject(c.srcId(), String.join(",", reasons), details);
    }

    /** Inverted (65535 − p) and background-subtracted, as the reference prepares the neighbourhood. */
    static PixelImage precondition(PixelImage cut) {
        double[] inverted = new double[cut.data().length];
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = INVERT_MAX - cut.data()[i];
        }
        PixelImage inv = new PixelImage(cut.width(), cut.height(), inverted);
        return new Background2D(BACKGROUND_BOX, BACKGROUND_FILTER).subtract(inv);
    }

    private static void putFinite(Map<String, Object> details, String key, double value) {
        if (Double.isFinite(value)) {
            details.put(key, value);
        }
    }
}
