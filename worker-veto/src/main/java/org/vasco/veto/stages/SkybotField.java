package org.vasco.veto.stages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.vasco.common.sky.SkyGeometry;

/**
 * One SkyBoT request's worth of candidates (SPEC §9.5): candidates of one plate in one 80′ × 80′/cos δ sky
 * bucket, queried at the median position and the most common plate epoch.
 *
 * @param plateId  the plate (epochs differ between plates)
 * @param raDeg    field centre (median RA, wrap-safe around the bucket)
 * @param decDeg   field centre (median Dec)
 * @param jd       the mode of the members' epochs (Julian dates: the exposure's start, or mid-exposure)
 * @param members  the candidates
 */
record SkybotField(String plateId, double raDeg, double decDeg, double jd, List<Candidate> members) {

    static final double BUCKET_DEG = 80.0 / 60.0;

    /** Groups candidates into fields in first-seen order, each at the most common DATE-OBS of its members. */
    static List<SkybotField> of(List<Candidate> candidates) {
        return of(candidates, Candidate::epochJd);
    }

    /** Groups candidates into fields in first-seen order, each at the most common {@code epoch} of its members. */
    static List<SkybotField> of(List<Candidate> candidates, ToDoubleFunction<Candidate> epoch) {
        Map<String, List<Candidate>> buckets = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            int decBin = (int) Math.floor((c.decDeg() + 90.0) / BUCKET_DEG);
            double raStep = BUCKET_DEG / Math.max(Math.cos(Math.toRadians(c.decDeg())), 1e-4);
            int raBin = (int) Math.floor(SkyGeometry.normaliseRa(c.raDeg()) / raStep);
            buckets.computeIfAbsent(c.plateId() + "|" + decBin + "|" + raBin, k -> new ArrayList<>()).add(c);
        }
        List<SkybotField> fields = new ArrayList<>();
        for (List<Candidate> members : buckets.values()) {
            double ra0 = members.get(0).raDeg();
            double[] ras = members.stream().mapToDouble(c -> ra0 + SkyGeometry.wrapDelta(c.raDeg() - ra0)).toArray();
            double[] decs = members.stream().mapToDouble(Candidate::decDeg).toArray();
            fields.add(new SkybotField(members.get(0).plateId(), SkyGeometry.normaliseRa(median(ras)), median(decs),
                    modeJd(members, epoch), List.copyOf(members)));
        }
        return fields;
    }

    /** The farthest member from the centre, arcsec. */
    double extentArcsec() {
        return members.stream().mapToDouble(c -> SkyGeometry.separationArcsec(raDeg, decDeg, c.raDeg(), c.decDeg()))
                .max().orElse(0);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    private static double modeJd(List<Candidate> members, ToDoubleFunction<Candidate> epoch) {
        Map<Double, Integer> counts = new HashMap<>();
        double best = epoch.applyAsDouble(members.get(0));
        int bestCount = 0;
        for (Candidate c : members) {
            double jd = epoch.applyAsDouble(c);
            int n = counts.merge(jd, 1, Integer::sum);
            // Ties go to the smallest JD, as pandas' mode()[0] does.
            if (n > bestCount || (n == bestCount && jd < best)) {
                best = jd;
                bestCount = n;
            }
        }
        return best;
    }
}
