package org.vasco.veto.stages;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.veto.remote.CdsXmatchClient;

/** S1: reject candidates with a GSC 2.4.2 source within the radius, via the CDS X-Match service (SPEC §9.4). */
public final class GscStage implements VetoStage {

    public static final String NAME = "S1_GSC";
    public static final String VIZIER_TABLE = "I/353/gsc242";

    private final CdsXmatchClient xmatch;
    private final double radiusArcsec;
    private final int uploadRows;

    public GscStage(CdsXmatchClient xmatch, double radiusArcsec, int uploadRows) {
        this.xmatch = xmatch;
        this.radiusArcsec = radiusArcsec;
        this.uploadRows = uploadRows;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("catalogue", VIZIER_TABLE, "radius_arcsec", radiusArcsec, "service", "cds-xmatch");
    }

    @Override
    public List<CandidateVerdict> judge(List<Candidate> batch) throws VetoStageException, InterruptedException {
        return Batches.judgeByUpload(NAME, "GSC cross-match", batch, uploadRows, this::nearestPerRow,
                (candidate, row, best) -> {
                    CdsXmatchClient.XmatchPair pair = best.get(row);
                    if (pair == null) {
                        return CandidateVerdict.keep(candidate.srcId(), Map.of("has_gsc_match", false));
                    }
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("has_gsc_match", true);
                    details.put("best_sep_arcsec", pair.angDistArcsec());
                    if (pair.counterpartId() != null) {
                        details.put("gsc2_id", pair.counterpartId());
                    }
                    return CandidateVerdict.reject(candidate.srcId(), "gsc_match", details);
                });
    }

    /** The nearest GSC source within the radius of each uploaded row, by row number. */
    private Map<Integer, CdsXmatchClient.XmatchPair> nearestPerRow(List<Candidate> chunk)
            throws IOException, InterruptedException {
        Map<Integer, CdsXmatchClient.XmatchPair> best = new HashMap<>();
        for (CdsXmatchClient.XmatchPair pair : xmatch.match(Batches.uploadTable(chunk), VIZIER_TABLE, radiusArcsec, "GSC2")) {
            if (pair.rowId() < 0 || pair.rowId() >= chunk.size()) {
                throw new IOException("CDS X-Match returned row_id " + pair.rowId() + " for an upload of "
                        + chunk.size() + " rows");
            }
            if (pair.angDistArcsec() <= radiusArcsec) {
                best.merge(pair.rowId(), pair, (a, b) -> a.angDistArcsec() <= b.angDistArcsec() ? a : b);
            }
        }
        return best;
    }
}
