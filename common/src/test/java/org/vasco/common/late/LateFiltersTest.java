package org.vasco.common.late;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vasco.common.late.TestDetections.star;
import static org.vasco.common.late.TestDetections.with;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vasco.common.detection.Detection;

class LateFiltersTest {

    private final LateFilters filters = new LateFilters(LateFilterThresholds.reference());

    /** A good row with the given measurements; pixel extent dx × dy. */
    private static Detection row(int n, int flags, double snr, double fwhm, double elong, double spread, int dx, int dy) {
        return with(star(n, 10, 10), flags, snr, fwhm, elong, spread, 100, 100 + dx, 200, 200 + dy);
    }

    /** Rows that fix median and MAD of FWHM (3.0, MAD 0.1) and ELONGATION (1.1, MAD 0.02) so the clip cannot fire on the tested row. */
    private static List<Detection> withBackground(Detection tested) {
        List<Detection> rows = new ArrayList<>();
        rows.add(tested);
        for (int k = 0; k < 20; k++) {
            double fwhm = 2.8 + 0.1 * (k % 5);
            double elong = 1.06 + 0.02 * (k % 5);
            rows.add(row(100 + k, 0, 100, fwhm, elong, 0, 5, 5));
        }
        return rows;
    }

    private List<String> reasons(Detection tested) {
        LateFilters.Outcome o = filters.apply(withBackground(tested));
        for (int k = 1; k < o.reasons().size(); k++) {
            assertThat(o.kept(k)).as("background row %d", k).isTrue();
        }
        return o.reasons().get(0).stream().map(LateReason::label).toList();
    }

    @Test
    void extractGatesAreFlagsZeroAndSnrStrictlyAbove30() {
        assertThat(reasons(row(1, 0, 30.0001, 3, 1.1, 0, 5, 5))).isEmpty();
        assertThat(reasons(row(1, 0, 30.0, 3, 1.1, 0, 5, 5))).containsExactly("snr");
        assertThat(reasons(row(1, 0, Double.NaN, 3, 1.1, 0, 5, 5))).containsExactly("snr");
        assertThat(reasons(row(1, 4, 30.0, 3, 1.1, 0, 5, 5))).containsExactly("flags", "snr");
    }

    @Test
    void spreadModelIsStrictlyAboveMinus0002() {
        assertThat(reasons(row(1, 0, 100, 3, 1.1, -0.0019999, 5, 5))).isEmpty();
        assertThat(reasons(row(1, 0, 100, 3, 1.1, -0.002, 5, 5))).containsExactly("spread_model");
    }

    @Test
    void fwhmWindowIsOpenAtBothEnds() {
        LateFilterThresholds loose = new LateFilterThresholds(30, -0.002, 2, 7, 1.3, 2, 1, 1e9);
        LateFilters noClip = new LateFilters(loose);
        List<Detection> rows = List.of(row(1, 0, 100, 2.0, 1.1, 0, 5, 5), row(2, 0, 100, 2.0001, 1.1, 0, 5, 5),
                row(3, 0, 100, 6.9999, 1.1, 0, 5, 5), row(4, 0, 100, 7.0, 1.1, 0, 5, 5));
        LateFilters.Outcome o = noClip.apply(rows);
        assertThat(o.reasons().get(0)).containsExactly(LateReason.FWHM);
        assertThat(o.kept(1)).isTrue();
        assertThat(o.kept(2)).isTrue();
        assertThat(o.reasons().get(3)).containsExactly(LateReason.FWHM);
        assertThat(o.failedGates().get(LateReason.FWHM)).isEqualTo(2);
    }

    @Test
    void elongationIsStrictlyBelow13() {
        LateFilters noClip = new LateFilters(new LateFilterThresholds(30, -0.002, 2, 7, 1.3, 2, 1, 1e9));
        LateFilters.Outcome o = noClip.apply(List.of(row(1, 0, 100, 3, 1.2999, 0, 5, 5), row(2, 0, 100, 3, 1.3, 0, 5, 5)));
        assertThat(o.kept(0)).isTrue();
        assertThat(o.reasons().get(1)).containsExactly(LateReason.ELONGATION);
    }

    @Test
    void pixelExtentNeedsDeltaBelow2AndBothSidesAbove1() {
        assertThat(reasons(row(1, 0, 100, 3, 1.1, 0, 6, 5))).isEmpty();
        assertThat(reasons(row(1, 0, 100, 3, 1.1, 0, 7, 5))).containsExactly("extent_delta");
        assertThat(reasons(row(1, 0, 100, 3, 1.1, 0, 2, 2))).isEmpty();
        assertThat(reasons(row(1, 0, 100, 3, 1.1, 0, 1, 2))).containsExactly("extent_min");
        assertThat(reasons(row(1, 0, 100, 3, 1.1, 0, 2, 1))).containsExactly("extent_min");
    }

    @Test
    void sigmaClipKeepsTwoRobustSigmasInclusive() {
        // values 1..5 and x: with x ≥ 5 the median is 3.5, |dev| = {2.5,1.5,0.5,0.5,1.5,x−3.5} → MAD 1.5, 2σ = 4.4478
        double[] kept = {1, 2, 3, 4, 5, 3.5 + 4.4478};
        double[] out = {1, 2, 3, 4, 5, 3.5 + 4.4479};
        assertThat(LateFilters.robustClip(kept, 2)).containsExactly(true, true, true, true, true, true);
        assertThat(LateFilters.robustClip(out, 2)).containsExactly(true, true, true, true, true, false);
    }

    @Test
    void sigmaClipKeepsAllFiniteValuesWhenMadIsZeroAndNeverNaN() {
        assertThat(LateFilters.robustClip(new double[] {3, 3, 3, 9, Double.NaN}, 2))
                .containsExactly(true, true, true, true, false);
    }

    @Test
    void sigmaClipRunsOnRowsThatPassedTheExtractGatesOnly() {
        // the FWHM 20 row fails SNR, so it takes no part in the clip; among the rest MAD is 0 and all are kept
        List<Detection> rows = List.of(row(1, 0, 100, 3, 1.1, 0, 5, 5), row(2, 0, 100, 3, 1.1, 0, 5, 5),
                row(3, 0, 100, 3, 1.1, 0, 5, 5), row(4, 0, 10, 20, 1.1, 0, 5, 5));
        LateFilters.Outcome o = filters.apply(rows);
        assertThat(o.passedExtract()).isEqualTo(3);
        assertThat(o.keptCount()).isEqualTo(3);
        assertThat(o.reasons().get(3)).containsExactly(LateReason.SNR);
        assertThat(o.failedGates().get(LateReason.SIGMA_CLIP_FWHM)).isZero();
    }

    @Test
    void sigmaClipRejectsAnOutlierWithItsReason() {
        List<String> r = reasons(row(1, 0, 100, 5.5, 1.1, 0, 5, 5));
        assertThat(r).containsExactly("sigma_clip_fwhm");
        assertThat(reasons(row(1, 0, 100, 3, 1.25, 0, 5, 5))).containsExactly("sigma_clip_elongation");
    }

    @Test
    void theCorrectedProfileLeavesTheClipsAndTheShapeGatesToItsPostStages() {
        LateFilters corrected = new LateFilters(LateFilterThresholds.reference().forProfile(
                org.vasco.common.task.ScienceProfile.CORRECTED));
        // narrower than any star's SPREAD_MODEL gate, elongated, lopsided and an outlier of the clip population
        Detection narrowAndLong = row(1, 0, 40, 3.0, 1.45, -0.004, 9, 4);
        LateFilters.Outcome o = corrected.apply(withBackground(narrowAndLong));
        assertThat(o.kept(0)).isTrue();
        assertThat(filters.apply(withBackground(narrowAndLong)).reasons().get(0)).extracting(LateReason::label)
                .contains("spread_model", "elongation", "extent_delta", "sigma_clip_elongation");
        assertThat(o.failedGates()).containsEntry(LateReason.SPREAD_MODEL, 0).containsEntry(LateReason.ELONGATION, 0);
        // what defines the search stays
        assertThat(corrected.apply(List.of(row(2, 4, 30, 3.0, 1.1, 0, 5, 5))).reasons().get(0))
                .containsExactly(LateReason.FLAGS, LateReason.SNR);
        assertThat(corrected.apply(List.of(row(3, 0, 100, 7.5, 1.1, 0, 5, 5), row(4, 0, 100, 3.0, 1.1, 0, 1, 5)))
                .reasons()).containsExactly(java.util.EnumSet.of(LateReason.FWHM), java.util.EnumSet.of(LateReason.EXTENT_MIN));
    }

    @Test
    void theCorrectedProfileRejectsTheFlagsOfAnUnusableMeasurementButNotThoseOfANeighbour() {
        LateFilters corrected = new LateFilters(LateFilterThresholds.reference().forProfile(
                org.vasco.common.task.ScienceProfile.CORRECTED));
        // 1: a neighbour's light in the aperture, 2: deblended from a neighbour — the object itself is measured
        for (int flags : new int[] {1, 2, 3}) {
            assertThat(corrected.apply(List.of(row(1, flags, 100, 3, 1.1, 0, 5, 5))).kept(0)).as("FLAGS %d", flags).isTrue();
            assertThat(reasons(row(1, flags, 100, 3, 1.1, 0, 5, 5))).as("the reference, FLAGS %d", flags).containsExactly("flags");
        }
        // saturated, truncated, incomplete or corrupted data, memory overflow: alone or beside a neighbour's bits
        for (int flags : new int[] {4, 8, 16, 32, 64, 128, 1 | 4, 2 | 8, 3 | 16}) {
            assertThat(corrected.apply(List.of(row(1, flags, 100, 3, 1.1, 0, 5, 5))).reasons().get(0)).as("FLAGS %d", flags)
                    .containsExactly(LateReason.FLAGS);
        }
    }
}
