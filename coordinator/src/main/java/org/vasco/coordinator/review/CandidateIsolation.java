package org.vasco.coordinator.review;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.catalog.NearestCatalogueSource;
import org.vasco.common.tile.TileId;
import org.vasco.coordinator.api.CandidateQueries.ReviewRow;

/**
 * How isolated each final candidate is: the distance to the nearest Gaia DR3, PS1 or USNO-B source at the plate
 * epoch, within {@link NearestCatalogueSource#SEARCH_ARCSEC} (that radius when none is nearer), NaN when it is not
 * recorded and its tile has no catalogue neighbourhood kept. What "most isolated first" sorts the whole run by. The
 * xmatch step records it with each candidate ({@link ReviewRow#nearestCatalogueSource()}), and that value is used as
 * it is. Only candidates written before the step did (runs older than migration V10) have none: for those it is
 * computed here from the kept neighbourhoods ({@link FieldCatalogues}), the same way, tile by tile so each tile's files
 * are read once, and remembered per candidate and position for the {@value #RUNS_KEPT} most recently sorted runs: a
 * page request after the first computes only candidates that are new or moved (a tile re-run). Thread-safe; two
 * requests racing on a cold run may both compute, with the same result.
 */
final class CandidateIsolation {

    static final int RUNS_KEPT = 4;
    private static final Logger LOG = LoggerFactory.getLogger(CandidateIsolation.class);

    /** A computed distance and the position and epoch it was computed for. */
    private record Known(double raDeg, double decDeg, Double plateEpoch, double arcsec) {
        boolean isFor(ReviewRow row) {
            return raDeg == row.raDeg() && decDeg == row.decDeg() && Objects.equals(plateEpoch, row.plateEpoch());
        }
    }

    private final FieldCatalogues catalogues;
    private final Map<String, Map<String, Known>> runs = new RecentlyUsed<>(RUNS_KEPT);

    CandidateIsolation(FieldCatalogues catalogues) {
        this.catalogues = catalogues;
    }

    /** The isolation (arcsec, NaN when unknown) of each row, by src_id. */
    Map<String, Double> of(String runId, List<ReviewRow> rows) throws IOException {
        Map<String, Known> known;
        synchronized (runs) {
            known = runs.computeIfAbsent(runId, r -> new HashMap<>());
        }
        Map<String, Double> out = new HashMap<>(rows.size() * 2);
        List<ReviewRow> missing = new ArrayList<>();
        synchronized (known) {
            for (ReviewRow row : rows) {
                Known k = known.get(row.srcId());
                if (row.nearestCatalogueSource() != null) {
                    out.put(row.srcId(), row.nearestCatalogueSource().arcsec());
                } else if (k != null && k.isFor(row)) {
                    out.put(row.srcId(), k.arcsec());
                } else {
                    missing.add(row);
                }
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        long began = System.nanoTime();
        // by tile: each tile's neighbourhoods are read once however many of its candidates are missing
        missing.sort(Comparator.comparing(ReviewRow::tileId));
        Map<String, Known> computed = new HashMap<>();
        for (ReviewRow row : missing) {
            double arcsec = nearestArcsec(TileId.of(row.tileId()), row.raDeg(), row.decDeg(),
                    row.plateEpoch() == null ? Double.NaN : row.plateEpoch());
            computed.put(row.srcId(), new Known(row.raDeg(), row.decDeg(), row.plateEpoch(), arcsec));
            out.put(row.srcId(), arcsec);
        }
        synchronized (known) {
            known.putAll(computed);
        }
        LOG.info("Review: isolation of {} candidate(s) not recorded by the xmatch step, on {} tile(s) of run {}, computed"
                + " from the kept neighbourhoods in {} ms", missing.size(),
                missing.stream().map(ReviewRow::tileId).distinct().count(), runId, (System.nanoTime() - began) / 1_000_000);
        return out;
    }

    /** The nearest catalogue source's distance at {@code epochYear}, the search radius when none, NaN without catalogues. */
    private double nearestArcsec(TileId tile, double raDeg, double decDeg, double epochYear) throws IOException {
        NearestCatalogueSource nearest = catalogues.nearestCatalogueSource(tile, raDeg, decDeg, epochYear);
        return nearest == null ? Double.NaN : nearest.arcsec();
    }
}
