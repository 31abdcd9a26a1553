package org.vasco.veto.stages;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.veto.remote.TapUploadClient;

/** S4: reject candidates with a PTF object of {@code ngoodobs > 0} within the radius, via IRSA TAP (SPEC §9.7). */
public final class PtfStage implements VetoStage {

    public static final String NAME = "S4_PTF";

    private final TapUploadClient tap;
    private final double radiusArcsec;
    private final int uploadRows;

    public PtfStage(TapUploadClient tap, double radiusArcsec, int uploadRows) {
        this.tap = tap;
        this.radiusArcsec = radiusArcsec;
        this.uploadRows = uploadRows;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("table", "ptf_objects", "radius_arcsec", radiusArcsec, "condition", "ngoodobs > 0");
    }

    String adql() {
        return String.format(Locale.ROOT, "SELECT DISTINCT u.row_id AS row_id FROM TAP_UPLOAD.%s AS u, ptf_objects AS p "
                + "WHERE CONTAINS(POINT('ICRS', p.ra, p.dec), CIRCLE('ICRS', u.ra, u.dec, %s/3600.0)) = 1 "
                + "AND COALESCE(p.ngoodobs,0) > 0", TapUploadClient.UPLOAD_NAME, radiusArcsec);
    }

    @Override
    public List<CandidateVerdict> judge(List<Candidate> batch) throws VetoStageException, InterruptedException {
        return Batches.judgeByUpload(NAME, "PTF query", batch, uploadRows,
                chunk -> tap.countsByRowId(adql(), Batches.uploadTable(chunk), null),
                (candidate, row, matched) -> {
                    boolean hit = matched.containsKey(row);
                    Map<String, Object> details = Map.of("has_ptf_match_ngood", hit);
                    return hit ? CandidateVerdict.reject(candidate.srcId(), "ptf_match_ngoodobs", details)
                            : CandidateVerdict.keep(candidate.srcId(), details);
                });
    }
}
