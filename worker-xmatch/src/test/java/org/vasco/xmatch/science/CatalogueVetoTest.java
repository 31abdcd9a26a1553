package org.vasco.xmatch.science;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vasco.common.late.TestDetections.star;
import static org.vasco.common.late.TestDetections.with;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.detection.Detection;
import org.vasco.common.late.BrightStarsMissingException;
import org.vasco.common.late.LateCuts;
import org.vasco.common.late.TestDetections;
import org.vasco.common.plate.PlateEpoch;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.common.sky.TanProjection;

/** A small synthetic tile straddling RA 0 through the whole of step 4, and then the late cuts that follow measurement. */
class CatalogueVetoTest {

    private static final double RA0 = 0.05;
    private static final double DEC0 = 30.0;
    private static final TanProjection TAN = new TanProjection(RA0, DEC0);
    /** DSS-style overflowed time: 11:77 is 12:17. */
    private static final double PLATE_EPOCH = PlateEpoch.parse("1953-03-11T11:77:00").decimalYear();

    private final List<Detection> detections = new ArrayList<>();
    private final List<String[]> gaia = new ArrayList<>();
    private final List<String[]> ps1 = new ArrayList<>();
    private final List<String[]> usnob = new ArrayList<>();
    private final List<String[]> bright = new ArrayList<>();
    private int number = 1;

    private static double[] sky(double xiArcmin, double etaArcmin) {
        return TAN.deproject(xiArcmin / 60, etaArcmin / 60);
    }

    private Detection detect(double[] p) {
        Detection d = star(number++, p[0], p[1]);
        detections.add(d);
        return d;
    }

    /** A Gaia star that is at {@code p} at the plate epoch, with the given proper motion, written at J2016. */
    private void gaiaStar(double[] p, double pmRa, double pmDe) {
        // the J2016 position whose propagation to the plate epoch lands on p (proper motions are defined at J2016)
        double[] at2016 = {p[0], p[1]};
        double[] q = new double[2];
        for (int k = 0; k < 6; k++) {
            EpochPropagation.propagate(at2016[0], at2016[1], pmRa, pmDe, 2016.0, PLATE_EPOCH, q);
            at2016[0] += org.vasco.common.sky.SkyGeometry.wrapDelta(p[0] - q[0]);
            at2016[1] += p[1] - q[1];
        }
        gaia.add(new String[] {Double.toString(at2016[0]), Double.toString(at2016[1]), "15", "", "", Double.toString(pmRa),
                Double.toString(pmDe), "", ""});
    }

    private void buildTile() {
        Random random = new Random(11);
        // 64 Gaia stars on a 5′ grid at odd multiples of 2.5′ (the special objects sit at multiples of 5′), each detected on the plate (all vetoed by Gaia)
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double[] p = sky(-17.5 + 5 * i, -17.5 + 5 * j);
                gaiaStar(p, random.nextGaussian() * 20, random.nextGaussian() * 20);
                detect(p);
            }
        }
        // a Gaia star without proper motions (kept at its J2016 position)
        double[] noPm = sky(-20, 0);
        gaia.add(new String[] {Double.toString(noPm[0]), Double.toString(noPm[1]), "17", "", "", "", "", "", ""});
        detect(noPm);
        // a high-proper-motion star (Barnard-like, 63 yr × 10″/yr): vetoed only because Gaia is moved to the plate epoch
        double[] fast = sky(0, 0);
        gaiaStar(fast, -8000, 6000);
        detect(fast);
        // a detection whose raw ALPHA/DELTA is 6″ off its windowed position (which matches Gaia): HPM flag
        double[] win = sky(-5, 5);
        gaiaStar(win, 0, 0);
        double[] raw = sky(-5 + 0.1, 5);
        detections.add(TestDetections.at(star(number++, 0, 0), raw[0], raw[1], win[0], win[1]));
        // PS1-only and USNO-B-only detections; USNO-B moves from J2000 to the plate epoch
        double[] p1 = sky(5, -5);
        ps1.add(new String[] {"1", Double.toString(p1[0]), Double.toString(p1[1] + 3.0 / 3600), "5", "", "", "", "", "", ""});
        detect(p1);
        double[] u = sky(-5, -10);
        double[] u2000 = new double[2];
        EpochPropagation.propagate(u[0], u[1], 300, 0, PLATE_EPOCH, 2000.0, u2000);
        usnob.add(new String[] {Double.toString(u2000[0]), Double.toString(u2000[1]), "", "", "", "", "", "300", "0", ""});
        detect(u);
        // outside the 30′ circle
        detect(sky(32, 0));
        detect(sky(0, -31));
        // vanishing sources: two clean survivors, one flagged, one too wide, two next to bright stars
        detect(sky(10, 10));
        detect(sky(-10, 0));
        Detection flagged = detect(sky(10, 0));
        detections.set(detections.size() - 1, with(flagged, 4, 100, 3, 1.1, 0, 98, 103, 98, 103));
        Detection wide = detect(sky(-10, 10));
        detections.set(detections.size() - 1, with(wide, 0, 100, 8, 1.1, 0, 98, 103, 98, 103));
        double[] s1 = sky(0, -10);
        detect(s1);
        double[] b1 = sky(40.0 / 60, -10);
        bright.add(new String[] {Double.toString(b1[0]), Double.toString(b1[1]), "10.0"});
        double[] s2 = sky(-5, 0);
        detect(s2);
        double[] b2 = sky(-5, 10.0 / 60);
        bright.add(new String[] {Double.toString(b2[0]), Double.toString(b2[1]), "13.0"});
    }

    private CatalogueVetoInput input() {
        return new CatalogueVetoInput("t", RA0, DEC0, PLATE_EPOCH, detections,
                new CatalogueNeighbourhood(Catalogue.GAIA, RA0, DEC0, 45, gaia),
                new CatalogueNeighbourhood(Catalogue.PS1, RA0, DEC0, 45, ps1), null,
                new CatalogueNeighbourhood(Catalogue.USNOB, RA0, DEC0, 45, usnob));
    }

    /** The late cuts on step 4's survivors, as the veto step (and vasco process) run them after measurement. */
    private LateCuts.Outcome lateCuts(CatalogueVetoResult r, Runnable onBrightStars) {
        return LateCuts.reference().apply(r.survivors().stream().map(Survivor::detection).toList(), () -> {
            onBrightStars.run();
            return new CatalogueNeighbourhood(Catalogue.PS1_BRIGHT, RA0, DEC0, 45, bright);
        }, "t");
    }

    private static Map<String, Object> counters(CatalogueVetoResult r, LateCuts.Outcome cuts) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(r.counters());
        all.putAll(cuts.counters());
        return all;
    }

    @Test
    void runsTheWholeChainInOrderWithTheReferenceCounters() {
        buildTile();
        CatalogueVetoResult r = new CatalogueVeto(CatalogueVetoParameters.reference()).run(input());
        LateCuts.Outcome cuts = lateCuts(r, () -> { });
        Map<String, Object> c = counters(r, cuts);
        assertThat(r.counters()).doesNotContainKeys("late_kept_hard_gates", "spikes_rejected", "survivors");
        assertThat(PLATE_EPOCH).isEqualTo(PlateEpoch.parse("1953-03-11T12:17:00").decimalYear());
        assertThat(r.wcsfix().ok()).as(r.wcsfix().reason()).isTrue();
        assertThat(c).containsEntry("detections_in", 77).containsEntry("veto_start_rows", 75)
                .containsEntry("veto_gaia_eliminated", 67).containsEntry("veto_after_gaia_rows", 8)
                .containsEntry("veto_ps1_eliminated", 1).containsEntry("veto_after_ps1_rows", 7)
                .containsEntry("veto_usnob_eliminated", 1).containsEntry("veto_after_usnob_rows", 6)
                .containsEntry("veto_gaia_pairs", 67).containsEntry("veto_gaia_ok", true)
                .containsEntry("ps1_veto_enabled", true)
                .containsEntry("late_reject_flags", 1).containsEntry("late_reject_fwhm", 1)
                .containsEntry("late_reject_snr", 0).containsEntry("late_kept_hard_gates", 4)
                .containsEntry("morphology_rejected", 2).containsEntry("spikes_rejected", 2)
                .containsEntry("hpm_objects", 1).containsEntry("survivors", 2);
        // step 4 leaves the USNO-B remainder; the late cuts leave the two clean vanishing sources
        assertThat(r.survivors()).hasSize(6);
        assertThat(cuts.survivors()).extracting(j -> j.detection().number()).containsExactly(72, 73);
        assertThat(cuts.judged()).filteredOn(LateCuts.Judged::spikeRejected)
                .extracting(j -> j.spike().rule().label()).containsExactly("CONST", "LINE");
        assertThat(cuts.judged()).filteredOn(LateCuts.Judged::lateRejected).extracting(LateCuts.Judged::lateReasonText)
                .containsExactly("flags", "fwhm");
        assertThat(r.rejected()).filteredOn(x -> x.stage() == RejectionStage.CIRCLE).hasSize(2);
        assertThat(r.rejected()).hasSize(71);
        assertThat(r.hpm()).singleElement().satisfies(h -> assertThat(h.detectionNumber()).isEqualTo(67));
        // the high-proper-motion star was vetoed at its plate-epoch position
        assertThat(r.vetoPairs()).anySatisfy(p -> {
            assertThat(p.detectionNumber()).isEqualTo(66);
            assertThat(p.catalogue()).isEqualTo(Catalogue.GAIA);
            assertThat(p.separationArcsec()).isLessThan(0.01);
        });
    }

    @Test
    void anEmptySurvivorSetIsAResultAndSkipsTheBrightStarList() {
        buildTile();
        detections.removeIf(d -> d.number() >= 72);
        AtomicInteger fetched = new AtomicInteger();
        CatalogueVetoResult r = new CatalogueVeto(CatalogueVetoParameters.reference()).run(input());
        LateCuts.Outcome cuts = lateCuts(r, fetched::incrementAndGet);
        assertThat(cuts.survivors()).isEmpty();
        assertThat(fetched).hasValue(0);
        assertThat(cuts.counters()).containsEntry("survivors", 0).containsEntry("spikes_rejected", 0)
                .doesNotContainKey("bright_stars");
    }

    @Test
    void ps1NotCoveringTheTileMustBeSaidExplicitly() {
        buildTile();
        assertThatThrownBy(() -> new CatalogueVetoInput("t", RA0, DEC0, PLATE_EPOCH, detections,
                new CatalogueNeighbourhood(Catalogue.GAIA, RA0, DEC0, 45, gaia), null, null,
                new CatalogueNeighbourhood(Catalogue.USNOB, RA0, DEC0, 45, usnob)))
                .isInstanceOf(MissingCatalogueException.class);
        CatalogueVetoInput south = new CatalogueVetoInput("t", RA0, DEC0, PLATE_EPOCH, detections,
                new CatalogueNeighbourhood(Catalogue.GAIA, RA0, DEC0, 45, gaia), null, "tile Dec below -30",
                new CatalogueNeighbourhood(Catalogue.USNOB, RA0, DEC0, 45, usnob));
        CatalogueVetoResult r = new CatalogueVeto(CatalogueVetoParameters.reference()).run(south);
        assertThat(r.counters()).containsEntry("ps1_veto_enabled", false).containsEntry("veto_ps1_ok", false)
                .containsEntry("veto_ps1_eliminated", 0);
        assertThat(lateCuts(r, () -> { }).counters()).containsEntry("survivors", 3);
    }

    @Test
    void aMissingBrightStarListIsAnErrorWhenSomethingSurvives() {
        buildTile();
        CatalogueVetoResult r = new CatalogueVeto(CatalogueVetoParameters.reference()).run(input());
        List<Detection> remainder = r.survivors().stream().map(Survivor::detection).toList();
        assertThatThrownBy(() -> LateCuts.reference().apply(remainder, () -> null, "t"))
                .isInstanceOf(BrightStarsMissingException.class).hasMessageContaining("bright-star");
    }

    @Test
    void withoutWcsfixTheVetoUsesRawPositions() {
        buildTile();
        // too few Gaia stars for either configuration: WCSFIX fails and says so; the veto still runs
        gaia.subList(5, 64).clear();
        CatalogueVetoResult r = new CatalogueVeto(CatalogueVetoParameters.reference()).run(input());
        assertThat(r.wcsfix().ok()).isFalse();
        assertThat(r.wcsfix().reason()).contains("too few tie points");
        // 5 grid stars, the star without proper motion and the fast star; the detection whose raw position is
        // 6″ off its windowed one escapes the Gaia veto without WCSFIX, as it should on raw positions
        assertThat(r.counters()).containsEntry("wcsfix_ok", false).containsEntry("veto_gaia_eliminated", 7);
        assertThat(r.survivors()).allSatisfy(s -> assertThat(s.raCorr()).isNaN());
    }

    @Test
    void aTileWithoutDetectionsIsAValidEmptyResult() {
        buildTile();
        detections.clear();
        CatalogueVetoResult r = new CatalogueVeto(CatalogueVetoParameters.reference()).run(input());
        assertThat(r.survivors()).isEmpty();
        assertThat(r.rejected()).isEmpty();
        assertThat(r.wcsfix().ok()).isFalse();
        assertThat(r.counters()).containsEntry("veto_start_rows", 0);
        assertThat(lateCuts(r, () -> { }).counters()).containsEntry("late_kept_hard_gates", 0).containsEntry("survivors", 0);
    }
}
