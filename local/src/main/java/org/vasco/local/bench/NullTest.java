package org.vasco.local.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.detection.Detection;
import org.vasco.common.detection.MeasuredColumns;
import org.vasco.common.late.LateCuts;
import org.vasco.common.late.LateFilters;
import org.vasco.common.late.LateReason;
import org.vasco.common.late.SpikeCut;
import org.vasco.common.psf.PsfStarPositions;
import org.vasco.common.sky.match.SkyIndex;
import org.vasco.common.task.ScienceProfile;
import org.vasco.testkit.sky.SkyTile;
import org.vasco.testkit.sky.TruthKind;
import org.vasco.testkit.sky.TruthObject;
import org.vasco.veto.ReleaseChain;
import org.vasco.veto.VetoSettings;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.CandidateVerdict;
import org.vasco.veto.stages.VetoStage;
import org.vasco.veto.stages.VetoStageException;
import org.vasco.veto.tile.ExtractedTile;
import org.vasco.xmatch.science.CatalogueVetoResult;
import org.vasco.xmatch.science.Survivor;

/**
 * The null test on one extracted synthetic tile (issue 18 item 4): its isolated catalogued stars of SNR_WIN 30–150 are
 * judged as if each were a candidate, by every late filter, the spike cut and the pixel post stages S0M and S0S of
 * each profile. A real star that a profile rejects is a real vanishing source it would reject too: the fraction kept
 * is the profile's ceiling on recovery, measured without any injected source.
 * <p>
 * A star tested: a truth star on the image, unsaturated, matched by a pass-2 detection within {@value #MATCH_PX} px,
 * with no other truth object within {@value #ISOLATION_ARCSEC}″ that is less than {@value #ISOLATION_MAG} mag fainter
 * and no other detection within that distance, inside the 30′ circle and {@value #EDGE_MARGIN_PX} px from the image's
 * edges (a small cut-out's circle reaches them), outside every bright star's spike zone (where a real vanishing source
 * is not eligible either), and with a measured SNR_WIN in [30, 150]. A post stage's row is followed by one row per
 * reason it can give, each the share of stars not rejected for that reason. The late filters' robust
 * clip, whose population is the tile's veto remainder, judges the star as one more member of that remainder.
 */
final class NullTest {

    static final double MATCH_PX = 1.5;
    static final double ISOLATION_ARCSEC = 15.0;
    static final double ISOLATION_MAG = 3.0;
    static final double SNR_LOW = 30.0;
    static final double SNR_HIGH = 150.0;
    /** Stars this close to the image's edge are not tested: SExtractor flags their truncated apertures. */
    static final double EDGE_MARGIN_PX = 32.0;

    /** The columns of the null test's table, in order. */
    static final String LATE = "late filters";
    static final String SPIKE = "spike cut";
    static final String ALL = "all";

    /**
     * One star's fate under one profile.
     *
     * @param profile the profile
     * @param snr     its SNR_WIN
     * @param kept    per check (a late gate's label, {@link #LATE}, {@link #SPIKE}, a post stage's name, {@link #ALL}),
     *                whether the star passed it
     */
    record Outcome(ScienceProfile profile, double snr, Map<String, Boolean> kept) {
    }

    private NullTest() {
    }

    /**
     * The null test of a tile.
     *
     * @param detections its full pass-2 detections
     * @param vetoed     its catalogue veto (the remainder is the late filters' population)
     * @param fits       the tile image
     */
    static List<Outcome> run(SkyTile sky, List<Detection> detections, CatalogueVetoResult vetoed, Path fits,
                             LateCuts lateCuts, VetoSettings settings) throws VetoStageException, InterruptedException {
        CatalogueNeighbourhood gaia = sky.neighbourhood(Catalogue.GAIA, sky.defaultNeighbourhoodRadiusArcmin());
        CatalogueNeighbourhood bright = sky.neighbourhood(Catalogue.PS1_BRIGHT, SkyTile.BRIGHT_STAR_RADIUS_ARCMIN);
        SpikeCut spikes = new SpikeCut(lateCuts.spikeRules(), bright.ra(), bright.dec(), bright.doubles("rmag"));
        List<Detection> stars = testedStars(sky, detections, spikes);
        ExtractedTile tile = new ExtractedTile(sky.tileId(), detections, gaia, fits);
        List<Detection> remainder = vetoed.survivors().stream().map(Survivor::detection).toList();
        List<Candidate> candidates = stars.stream().map(d -> candidate(sky, d)).toList();
        List<Outcome> outcomes = new ArrayList<>();
        for (ScienceProfile profile : ScienceProfile.values()) {
            LateCuts cuts = lateCuts.forProfile(profile);
            Map<String, Map<String, CandidateVerdict>> verdicts = new LinkedHashMap<>();
            for (VetoStage stage : ReleaseChain.pixelStages(settings, profile, tile, tile, tile)) {
                Map<String, CandidateVerdict> byCandidate = new HashMap<>();
                for (CandidateVerdict v : stage.judge(candidates)) {
                    byCandidate.put(v.srcId(), v);
                }
                verdicts.put(stage.name(), byCandidate);
            }
            Map<String, java.util.Set<String>> reasons = reasonsByStage(verdicts);
            for (int i = 0; i < stars.size(); i++) {
                Detection d = stars.get(i);
                List<Detection> population = new ArrayList<>(remainder);
                population.add(d);
                LateFilters.Outcome late = new LateFilters(cuts.thresholds()).apply(population);
                EnumSet<LateReason> failed = late.reasons().get(population.size() - 1);
                Map<String, Boolean> kept = new LinkedHashMap<>();
                kept.put(LATE, failed.isEmpty());
                for (LateReason gate : LateReason.values()) {
                    if (cuts.thresholds().applies(gate)) {
                        kept.put(gate.label(), !failed.contains(gate));
                    }
                }
                kept.put(SPIKE, !spikes.judge(d.alphaJ2000(), d.deltaJ2000()).rejected());
                boolean all = failed.isEmpty() && kept.get(SPIKE);
                for (Map.Entry<String, Map<String, CandidateVerdict>> stage : verdicts.entrySet()) {
                    CandidateVerdict v = stage.getValue().get(candidates.get(i).srcId());
                    boolean survives = v.verdict().survives();
                    kept.put(stage.getKey(), survives);
                    List<String> why = survives || v.reason() == null ? List.of() : List.of(v.reason().split(","));
                    for (String reason : reasons.get(stage.getKey())) {
                        kept.put(stage.getKey() + ":" + reason, !why.contains(reason));
                    }
                    all &= survives;
                }
                kept.put(ALL, all);
                outcomes.add(new Outcome(profile, d.snrWin(), kept));
            }
        }
        return outcomes;
    }

    /** Per stage, every reason it gave any star of the tile (its rows under the stage's row), sorted. */
    private static Map<String, java.util.Set<String>> reasonsByStage(Map<String, Map<String, CandidateVerdict>> verdicts) {
        Map<String, java.util.Set<String>> reasons = new LinkedHashMap<>();
        verdicts.forEach((stage, byCandidate) -> {
            java.util.Set<String> all = new java.util.TreeSet<>();
            byCandidate.values().stream().filter(v -> !v.verdict().survives() && v.reason() != null)
                    .forEach(v -> all.addAll(List.of(v.reason().split(","))));
            reasons.put(stage, all);
        });
        return reasons;
    }

    /** The detections of the tile's isolated catalogued stars of SNR_WIN 30–150 (see the class comment). */
    static List<Detection> testedStars(SkyTile sky, List<Detection> detections, SpikeCut spikes) {
        double[] ra = detections.stream().mapToDouble(Detection::alphawinJ2000).toArray();
        double[] dec = detections.stream().mapToDouble(Detection::deltawinJ2000).toArray();
        SkyIndex placed = SkyIndex.build(ra, dec, ISOLATION_ARCSEC);
        List<TruthObject> truth = sky.truth();
        double[] tra = truth.stream().mapToDouble(TruthObject::raDeg).toArray();
        double[] tdec = truth.stream().mapToDouble(TruthObject::decDeg).toArray();
        SkyIndex objects = SkyIndex.build(tra, tdec, ISOLATION_ARCSEC);
        Map<Long, Integer> byPixel = new HashMap<>();
        for (int i = 0; i < detections.size(); i++) {
            Detection d = detections.get(i);
            byPixel.merge(pixelKey(d.xwinImage(), d.ywinImage()), i, (a, b) -> a);
        }
        List<Detection> tested = new ArrayList<>();
        for (int t = 0; t < truth.size(); t++) {
            TruthObject star = truth.get(t);
            if (star.kind() != TruthKind.STAR || star.saturated()) {
                continue;
            }
            int row = matching(detections, star, byPixel);
            if (row < 0) {
                continue;
            }
            Detection d = detections.get(row);
            if (!(d.snrWin() >= SNR_LOW && d.snrWin() <= SNR_HIGH) || !awayFromEdges(sky, d)
                    || !PsfStarPositions.insideCircle(sky.tileId(), d.alphawinJ2000(), d.deltawinJ2000())
                    || spikes.judge(d.alphaJ2000(), d.deltaJ2000()).rejected()) {
                continue;
            }
            int self = t;
            boolean[] crowded = {false};
            objects.forEachWithin(star.raDeg(), star.decDeg(), ISOLATION_ARCSEC, (other, sep) -> {
                if (other != self && truth.get(other).magnitude() < star.magnitude() + ISOLATION_MAG) {
                    crowded[0] = true;
                }
            });
            placed.forEachWithin(ra[row], dec[row], ISOLATION_ARCSEC, (other, sep) -> {
                if (other != row) {
                    crowded[0] = true;
                }
            });
            if (!crowded[0]) {
                tested.add(d);
            }
        }
        return tested;
    }

    private static boolean awayFromEdges(SkyTile sky, Detection d) {
        double max = sky.naxis() - EDGE_MARGIN_PX;
        return d.xwinImage() >= EDGE_MARGIN_PX && d.ywinImage() >= EDGE_MARGIN_PX && d.xwinImage() <= max && d.ywinImage() <= max;
    }

    /** The detection within {@link #MATCH_PX} of the star's pixel position, or −1. */
    private static int matching(List<Detection> detections, TruthObject star, Map<Long, Integer> byPixel) {
        int best = -1;
        double bestDistance = MATCH_PX;
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                Integer row = byPixel.get(pixelKey(star.xPixel() + dx, star.yPixel() + dy));
                if (row != null) {
                    Detection d = detections.get(row);
                    double distance = Math.hypot(d.xwinImage() - star.xPixel(), d.ywinImage() - star.yPixel());
                    if (distance <= bestDistance) {
                        best = row;
                        bestDistance = distance;
                    }
                }
            }
        }
        return best;
    }

    private static long pixelKey(double x, double y) {
        return ((long) Math.floor(x) << 32) ^ (Math.floor(y) < 0 ? 0 : (long) Math.floor(y));
    }

    /** A detection as the post stages see a candidate: its measured columns, on its tile. */
    private static Candidate candidate(SkyTile sky, Detection d) {
        Map<String, Double> columns = Candidate.numericColumns(MeasuredColumns.asMap(d));
        return new Candidate(sky.tileId().value() + ":" + d.number(), sky.tileId().value(), sky.plate().plateId(),
                d.alphawinJ2000(), d.deltawinJ2000(), sky.plateEpoch().decimalYear(), sky.plateEpoch().jd(), columns,
                Double.NaN);
    }
}
