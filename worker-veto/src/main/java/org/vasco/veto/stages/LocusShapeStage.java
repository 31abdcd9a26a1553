package org.vasco.veto.stages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.vasco.common.psf.LocusComparison;
import org.vasco.veto.shape.PixelImage;
import org.vasco.veto.shape.PointSourceShape;
import org.vasco.veto.shape.ProfileDifference;

/**
 * S0S of the corrected profile (docs/science.md): the candidate's pixel shape against the catalogued stars of similar
 * S/N nearest to it on its tile ({@value #NEAREST_STARS} of them, from {@link TileLocus}). Three outlier tests, each
 * in robust σ of those stars: the radial profile of the scan's positive pixels ({@link PointSourceShape}; its
 * {@code profile_diff} from the stars' mean profile against each star's own leave-one-out {@code profile_diff}),
 * too high is rejected; the contour circularity, too low is rejected; ELONGATION, too high is rejected. So a round
 * point source is kept however its few pixels digitise — the stars around it digitise the same way — and what is
 * rejected is what no star of its brightness there looks like.
 * <p>
 * A candidate whose pixel position or tile image is missing passes flagged {@code shape_failed}, as in the reference;
 * one with fewer than {@value #MIN_STARS} comparison stars passes flagged {@code locus_insufficient}.
 */
public final class LocusShapeStage implements VetoStage {

    /** Stars of similar S/N considered before taking the nearest. */
    static final int WANTED_STARS = 40;
    /** Comparison stars: the nearest of those. */
    static final int NEAREST_STARS = 20;
    static final int MIN_STARS = 10;

    private final TilePixels pixels;
    private final TileLocus locus;
    private final double profileZMax;
    private final double circularityZMin;
    private final double elongationZMax;

    /**
     * @param profileZMax     reject a profile difference above the stars' median + this many robust σ
     * @param circularityZMin reject a circularity below the stars' median − this many robust σ
     * @param elongationZMax  reject an ELONGATION above the stars' median + this many robust σ
     */
    public LocusShapeStage(TilePixels pixels, TileLocus locus, double profileZMax, double circularityZMin,
                           double elongationZMax) {
        this.pixels = pixels;
        this.locus = locus;
        this.profileZMax = profileZMax;
        this.circularityZMin = circularityZMin;
        this.elongationZMax = elongationZMax;
    }

    @Override
    public String name() {
        return ShapeStage.NAME;
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("method", "pixel shape against the nearest catalogued stars of similar SNR_WIN");
        p.put("profile_z_max", profileZMax);
        p.put("circularity_z_min", circularityZMin);
        p.put("elongation_z_max", elongationZMax);
        p.put("pixels", "positive, local annulus background");
        p.put("nearest_stars", NEAREST_STARS);
        p.put("min_stars", MIN_STARS);
        return p;
    }

    @Override
    public List<CandidateVerdict> judge(List<Candidate> batch) throws VetoStageException {
        List<CandidateVerdict> verdicts = new ArrayList<>(batch.size());
        for (Map.Entry<String, List<Candidate>> tile : CandidatePixel.byTile(batch).entrySet()) {
            Optional<TilePixels.TileImage> image;
            Optional<List<TileLocus.LocusStar>> stars;
            try {
                image = pixels.image(tile.getKey());
                stars = image.isPresent() ? locus.locusFor(tile.getKey()) : Optional.empty();
            } catch (IOException e) {
                throw new VetoStageException(name(), true, "reading tile " + tile.getKey() + " failed: " + e.getMessage(), e);
            }
            Map<Integer, PointSourceShape> shapes = new HashMap<>();
            for (Candidate c : tile.getValue()) {
                if (image.isEmpty()) {
                    verdicts.add(CandidatePixel.failed(c, "fits_not_found"));
                } else if (stars.isEmpty()) {
                    verdicts.add(CandidateVerdict.flag(c.srcId(), "catalog_missing", Map.of()));
                } else {
                    List<TileLocus.LocusStar> clean = stars.get().stream().filter(TileLocus.LocusStar::clean).toList();
                    verdicts.add(verdict(c, image.get().pixels(), clean, shapes));
                }
            }
        }
        return verdicts;
    }

    private CandidateVerdict verdict(Candidate c, PixelImage image, List<TileLocus.LocusStar> stars,
                                     Map<Integer, PointSourceShape> shapes) {
        OptionalDouble snr = c.measurement("SNR_WIN");
        CandidatePixel at = CandidatePixel.of(c, image);
        if (at.failure() != null || snr.isEmpty()) {
            return CandidatePixel.failed(c, at.failure() != null ? at.failure() : "pixel_coords_missing");
        }
        double x = at.x();
        double y = at.y();
        int self = c.objectNumber();
        List<TileLocus.LocusStar> similar = LocusComparison.similarSnr(
                stars.stream().filter(s -> s.number() != self).toList(), TileLocus.LocusStar::snrWin, snr.getAsDouble(),
                WANTED_STARS);
        List<TileLocus.LocusStar> near = similar.stream()
                .sorted(Comparator.comparingDouble(s -> Math.hypot(s.xwin() - 1.0 - x, s.ywin() - 1.0 - y)))
                .limit(NEAREST_STARS).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stars_used", near.size());
        if (near.size() < MIN_STARS) {
            return CandidateVerdict.flag(c.srcId(), "locus_insufficient", details);
        }
        PointSourceShape target = PointSourceShape.of(image, x, y);
        List<double[]> profiles = new ArrayList<>(near.size());
        double[] circularity = new double[near.size()];
        double[] elongation = new double[near.size()];
        for (int k = 0; k < near.size(); k++) {
            TileLocus.LocusStar s = near.get(k);
            PointSourceShape shape = shapes.computeIfAbsent(s.number(),
                    n -> PointSourceShape.of(image, s.xwin() - 1.0, s.ywin() - 1.0));
            profiles.add(shape.profile());
            circularity[k] = shape.circularity();
            elongation[k] = s.elongation();
        }
        double[] starDiffs = new double[near.size()];
        for (int k = 0; k < near.size(); k++) {
            List<double[]> others = new ArrayList<>(profiles);
            double[] own = others.remove(k);
            starDiffs[k] = ProfileDifference.of(own, others);
        }
        double profileDiff = ProfileDifference.of(target.profile(), profiles);
        LocusComparison.Outlier p = LocusComparison.of(profileDiff, starDiffs);
        LocusComparison.Outlier r = LocusComparison.of(target.circularity(), circularity);
        LocusComparison.Outlier e = LocusComparison.of(c.measurement("ELONGATION").orElse(Double.NaN), elongation);
        LocusMorphologyStage.putFinite(details, "profile_diff", profileDiff);
        LocusMorphologyStage.put(details, "profile_diff", p);
        LocusMorphologyStage.putFinite(details, "circularity", target.circularity());
        LocusMorphologyStage.put(details, "circularity", r);
        LocusMorphologyStage.put(details, "elongation", e);
        List<String> reasons = new ArrayList<>();
        if (p.z() > profileZMax) {
            reasons.add("profile_diff");
        }
        if (e.z() > elongationZMax) {
            reasons.add("elongation");
        }
        if (r.z() < -circularityZMin) {
            reasons.add("circularity");
        }
        return reasons.isEmpty() ? CandidateVerdict.keep(c.srcId(), details)
                : CandidateVerdict.reject(c.srcId(), String.join(",", reasons), details);
    }
}
