package org.vasco.common.late;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.vasco.common.detection.Detection;
import org.vasco.common.stats.Statistics;

/**
 * The late filters on the USNO-B remainder (SPEC §6.6–6.7). First the extract gates FLAGS == 0 (the corrected
 * profile: none of {@link LateFilterThresholds#MEASUREMENT_FLAGS}) and SNR_WIN &gt; min; then, on the rows that passed them, the morphology masks computed on that same
 * table and AND-ed: the robust clip on FWHM_IMAGE and on ELONGATION, SPREAD_MODEL, the FWHM window,
 * ELONGATION, and the pixel extent. NaN fails every comparison. Gates the thresholds do not apply
 * ({@link LateFilterThresholds#gates}, the corrected profile's) reject nothing and count 0.
 *
 * <p>Every rejected row carries all the reasons it failed (extract reasons for rows stopped at the
 * gates, morphology reasons otherwise). The {@code late_reject_*} counters count rows failing each
 * criterion on the table it is applied to; unlike the reference's diagnostic, whose clip ran on the
 * whole remainder, these counts describe the real filter. Stateless and thread-safe.
 */
public final class LateFilters {

    private final LateFilterThresholds t;

    public LateFilters(LateFilterThresholds thresholds) {
        this.t = java.util.Objects.requireNonNull(thresholds, "thresholds");
    }

    /**
     * @param reasons     per input row, the reasons it failed (empty when kept)
     * @param failedGates per reason, how many rows failed it
     */
    public record Outcome(List<EnumSet<LateReason>> reasons, Map<LateReason, Integer> failedGates, int passedExtract) {

        public boolean kept(int row) {
            return reasons.get(row).isEmpty();
        }

        public int keptCount() {
            return (int) reasons.stream().filter(EnumSet::isEmpty).count();
        }

        public int rejectedCount() {
            return reasons.size() - keptCount();
        }
    }

    public Outcome apply(List<Detection> rows) {
        List<EnumSet<LateReason>> reasons = new ArrayList<>(rows.size());
        List<Integer> passed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Detection d = rows.get(i);
            EnumSet<LateReason> r = EnumSet.noneOf(LateReason.class);
            if (t.rejectsFlags(d.flags())) {
                r.add(LateReason.FLAGS);
            }
            if (t.applies(LateReason.SNR) && !(d.snrWin() > t.snrMin())) {
                r.add(LateReason.SNR);
            }
            reasons.add(r);
            if (r.isEmpty()) {
                passed.add(i);
            }
        }
        double[] fwhm = passed.stream().mapToDouble(i -> rows.get(i).fwhmImage()).toArray();
        double[] elongation = passed.stream().mapToDouble(i -> rows.get(i).elongation()).toArray();
        boolean[] clipFwhm = robustClip(fwhm, t.sigmaClipK());
        boolean[] clipElongation = robustClip(elongation, t.sigmaClipK());
        for (int k = 0; k < passed.size(); k++) {
            Detection d = rows.get(passed.get(k));
            EnumSet<LateReason> r = reasons.get(passed.get(k));
            if (t.applies(LateReason.SIGMA_CLIP_FWHM) && !clipFwhm[k]) {
                r.add(LateReason.SIGMA_CLIP_FWHM);
            }
            if (t.applies(LateReason.SIGMA_CLIP_ELONGATION) && !clipElongation[k]) {
                r.add(LateReason.SIGMA_CLIP_ELONGATION);
            }
            if (t.applies(LateReason.SPREAD_MODEL) && !(d.spreadModel() > t.spreadModelMin())) {
                r.add(LateReason.SPREAD_MODEL);
            }
            if (t.applies(LateReason.FWHM) && !(d.fwhmImage() > t.fwhmMin() && d.fwhmImage() < t.fwhmMax())) {
                r.add(LateReason.FWHM);
            }
            if (t.applies(LateReason.ELONGATION) && !(d.elongation() < t.elongationMax())) {
                r.add(LateReason.ELONGATION);
            }
            int dx = d.xmaxImage() - d.xminImage();
            int dy = d.ymaxImage() - d.yminImage();
            if (t.applies(LateReason.EXTENT_MIN) && !(dx > t.extentMin() && dy > t.extentMin())) {
                r.add(LateReason.EXTENT_MIN);
            }
            if (t.applies(LateReason.EXTENT_DELTA) && !(Math.abs(dx - dy) < t.extentDeltaMax())) {
                r.add(LateReason.EXTENT_DELTA);
            }
        }
        Map<LateReason, Integer> counts = new EnumMap<>(LateReason.class);
        for (LateReason reason : LateReason.values()) {
            counts.put(reason, 0);
        }
        for (EnumSet<LateReason> r : reasons) {
            for (LateReason reason : r) {
                counts.merge(reason, 1, Integer::sum);
            }
        }
        return new Outcome(List.copyOf(reasons), Map.copyOf(counts), passed.size());
    }

    /**
     * The reference's NaN-aware robust clip: keep |x − median| ≤ k·1.4826·MAD; when that σ is 0 or
     * not finite, keep every finite value. NaN values are never kept.
     */
    static boolean[] robustClip(double[] values, double k) {
        boolean[] keep = new boolean[values.length];
        double median = Statistics.median(values);
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - median);
        }
        double sigma = 1.4826 * Statistics.median(dev);
        boolean clip = Double.isFinite(sigma) && sigma > 0;
        for (int i = 0; i < values.length; i++) {
            keep[i] = Double.isFinite(values[i]) && (!clip || Math.abs(values[i] - median) <= k * sigma);
        }
        return keep;
    }
}
