package org.vasco.xmatch.science;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.catalog.Catalogue;
import org.vasco.common.catalog.CatalogueNeighbourhood;
import org.vasco.common.detection.Detection;
import org.vasco.common.sky.EpochPropagation;
import org.vasco.common.summary.FunnelCounter;

/**
 * Step 4 for one tile up to the catalogue veto, in the order of SPEC §6.1: 30′ circle → epoch propagation of
 * Gaia (2016.0) and USNO-B (2000.0) to the plate epoch → WCSFIX → veto chain Gaia → PS1 → USNO-B →
 * high-proper-motion flag, with the SPEC §8.2 counters of those steps. Its survivors are the USNO-B remainder;
 * the late filters and the bright-star cut need the measured columns and run after measurement
 * ({@link org.vasco.common.late.LateCuts}), in both run modes.
 *
 * <p>Positions: the circle cut and WCSFIX read ALPHAWIN/DELTAWIN_J2000; the veto reads RA_corr/Dec_corr
 * when WCSFIX succeeded and ALPHA/DELTA_J2000 otherwise; the bright-star cut and the HPM flag read the
 * raw ALPHA/DELTA_J2000 (SPEC §6.2, §6.4, §6.5, §6.8, §6.9). Only position columns are read, so the
 * detections may come from the position pass of the fast path.
 *
 * <p>Counters keep the reference's names ({@link FunnelCounter}). {@code veto_<cat>_ok} is true when the stage ran and
 * {@code <cat>_veto_enabled} false when the catalogue does not cover the tile; {@code missing_inputs}
 * is always 0 because a missing catalogue is an error here, not a skipped stage. Stateless apart from
 * its parameters; thread-safe.
 */
public final class CatalogueVeto {

    private final CatalogueVetoParameters p;

    public CatalogueVeto(CatalogueVetoParameters parameters) {
        this.p = java.util.Objects.requireNonNull(parameters, "parameters");
    }

    /** Runs step 4 up to the veto and the HPM flag. */
    public CatalogueVetoResult run(CatalogueVetoInput in) {
        List<Detection> all = in.detections();
        List<RejectedDetection> rejected = new ArrayList<>();
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put(FunnelCounter.DETECTIONS_IN.key(), all.size());
        counters.put(FunnelCounter.CIRCLE_RADIUS_ARCMIN.key(), p.circleRadiusArcmin());

        // 1. circle
        CircleCut circle = new CircleCut(p.circleRadiusArcmin(), in.centreRaDeg(), in.centreDecDeg());
        double[][] win = DetectionPositions.windowed(all);
        List<Detection> rows = new ArrayList<>();
        List<double[]> rowWin = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!Double.isFinite(win[0][i]) || !Double.isFinite(win[1][i])) {
                // no world position at all: nothing can veto it, so it must not pass as a candidate
                rejected.add(new RejectedDetection(all.get(i), RejectionStage.CIRCLE, List.of("no_position"),
                        win[0][i], win[1][i], Map.of()));
            } else if (circle.inside(win[0][i], win[1][i])) {
                rows.add(all.get(i));
                rowWin.add(new double[] {win[0][i], win[1][i]});
            } else {
                rejected.add(new RejectedDetection(all.get(i), RejectionStage.CIRCLE, List.of("outside_circle"),
                        win[0][i], win[1][i], Map.of()));
            }
        }
        int n = rows.size();
        double[] winRa = rowWin.stream().mapToDouble(a -> a[0]).toArray();
        double[] winDec = rowWin.stream().mapToDouble(a -> a[1]).toArray();

        // 2. catalogues at the plate epoch
        EpochPropagation.Propagated gaia = atPlate(in.gaia(), in.plateEpoch());
        EpochPropagation.Propagated usnob = atPlate(in.usnob(), in.plateEpoch());
        counters.put(FunnelCounter.PLATE_EPOCH.key(), in.plateEpoch());
        counters.put(FunnelCounter.GAIA_ROWS.key(), in.gaia().size());
        counters.put(FunnelCounter.GAIA_ROWS_DROPPED.key(), gaia.dropped(in.gaia().size()));
        counters.put(FunnelCounter.USNOB_ROWS.key(), in.usnob().size());
        counters.put(FunnelCounter.USNOB_ROWS_DROPPED.key(), usnob.dropped(in.usnob().size()));
        counters.put(FunnelCounter.PS1_ROWS.key(), in.ps1() == null ? 0 : in.ps1().size());

        // 3. WCSFIX
        WcsfixResult wcsfix = new Wcsfix(p.wcsfix(), p.wcsfixFallback(), p.wcsfixIterations(), p.wcsfixClipping())
                .fit(winRa, winDec, gaia.ra(), gaia.dec(), in.centreRaDeg(), in.centreDecDeg());
        counters.put(FunnelCounter.WCSFIX_OK.key(), wcsfix.ok());

        // 4. candidate coordinates and the veto chain
        double[] candRa = new double[n];
        double[] candDec = new double[n];
        double[] raCorr = new double[n];
        double[] decCorr = new double[n];
        double[] rawRa = new double[n];
        double[] rawDec = new double[n];
        for (int i = 0; i < n; i++) {
            Detection d = rows.get(i);
            rawRa[i] = d.alphaJ2000();
            rawDec[i] = d.deltaJ2000();
            double[] corr = wcsfix.ok() ? wcsfix.correct(winRa[i], winDec[i]) : new double[] {Double.NaN, Double.NaN};
            raCorr[i] = corr[0];
            decCorr[i] = corr[1];
            if (Double.isFinite(corr[0]) && Double.isFinite(corr[1])) {
                candRa[i] = corr[0];
                candDec[i] = corr[1];
            } else {
                DetectionPositions.raw(d, candRa, candDec, i);
            }
        }
        VetoSources ps1 = in.ps1() == null
                ? VetoSources.notCovered(Catalogue.PS1, in.ps1NotCoveredReason())
                : VetoSources.covered(Catalogue.PS1, in.ps1().ra(), in.ps1().dec());
        VetoChain.Outcome veto = new VetoChain(p.vetoRadiusArcsec()).run(candRa, candDec,
                VetoSources.covered(Catalogue.GAIA, gaia.ra(), gaia.dec()), ps1,
                VetoSources.covered(Catalogue.USNOB, usnob.ra(), usnob.dec()));
        counters.put(FunnelCounter.PS1_VETO_ENABLED.key(), ps1.isCovered());
        counters.put(FunnelCounter.USNOB_VETO_ENABLED.key(), true);
        counters.put(FunnelCounter.VETO_START_ROWS.key(), n);
        List<CatalogueVetoResult.VetoPair> vetoPairs = new ArrayList<>();
        RejectionStage[] vetoStage = {RejectionStage.VETO_GAIA, RejectionStage.VETO_PS1, RejectionStage.VETO_USNOB};
        int[][] neighbourhoodRow = {gaia.sourceRow(), null, usnob.sourceRow()};
        for (int s = 0; s < veto.stages().size(); s++) {
            VetoChain.Stage stage = veto.stages().get(s);
            Catalogue catalogue = stage.catalogue();
            String cat = catalogue.label();
            counters.put(FunnelCounter.rowsAfterVeto(catalogue).key(), stage.rowsOut());
            counters.put(FunnelCounter.eliminatedByVeto(catalogue).key(), stage.eliminated());
            counters.put(FunnelCounter.vetoPairs(catalogue).key(), stage.pairs());
            counters.put(FunnelCounter.vetoRan(catalogue).key(), stage.covered());
            for (int k = 0; k < stage.pairs(); k++) {
                int det = stage.detectionRow()[k];
                int source = neighbourhoodRow[s] == null ? stage.sourceRow()[k] : neighbourhoodRow[s][stage.sourceRow()[k]];
                vetoPairs.add(new CatalogueVetoResult.VetoPair(stage.catalogue(), rows.get(det).number(), source, stage.separation()[k]));
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("source_row", source);
                details.put("separation_arcsec", stage.separation()[k]);
                rejected.add(new RejectedDetection(rows.get(det), vetoStage[s], List.of(cat), candRa[det], candDec[det], details));
            }
        }
        counters.put(FunnelCounter.MISSING_INPUTS.key(), 0);

        // 5. the USNO-B remainder: the veto survivors; the late filters and the spike cut follow measurement
        List<Survivor> survivors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (veto.survived(i)) {
                survivors.add(new Survivor(rows.get(i), candRa[i], candDec[i], raCorr[i], decCorr[i]));
            }
        }

        // 6. high proper motion, on the Gaia pairs
        VetoChain.Stage gaiaStage = veto.stages().get(0);
        int[] gaiaRows = java.util.Arrays.stream(gaiaStage.sourceRow()).map(k -> gaia.sourceRow()[k]).toArray();
        List<HpmFlag.Flagged> flagged = new HpmFlag(p.hpmArcsec()).flag(gaiaStage.detectionRow(), gaiaRows, rawRa, rawDec,
                in.gaia().ra(), in.gaia().dec(), in.gaia().doubles("pmRA"), in.gaia().doubles("pmDE"),
                Catalogue.GAIA.epoch(), in.plateEpoch());
        List<CatalogueVetoResult.HpmObject> hpm = flagged.stream().map(f -> new CatalogueVetoResult.HpmObject(
                rows.get(f.detectionRow()).number(), f.gaiaRow(), f.separationArcsec(), f.motionArcsec())).toList();
        counters.put(FunnelCounter.HPM_OBJECTS.key(), hpm.size());
        return new CatalogueVetoResult(survivors, rejected, counters, wcsfix, vetoPairs, hpm);
    }

    private static EpochPropagation.Propagated atPlate(CatalogueNeighbourhood n, double plateEpoch) {
        return EpochPropagation.propagate(n.ra(), n.dec(), n.doubles("pmRA"), n.doubles("pmDE"),
                n.catalogue().epoch(), plateEpoch);
    }
}
