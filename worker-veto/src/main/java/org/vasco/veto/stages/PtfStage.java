package org.vasco.veto.stages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.common.http.ArchiveException;
import org.vasco.veto.remote.TapUploadClient;
import org.vasco.veto.remote.VoTables;

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
        List<CandidateVerdict> verdicts = new ArrayList<>(batch.size());
        for (List<Candidate> chunk : Batches.chunks(batch, uploadRows)) {
            Map<Integer, Long> matched;
            try {
                matched = tap.countsByRowId(adql(), VoTables.uploadTable(chunk), null);
            } catch (IOException e) {
                throw new VetoStageException(NAME, !(e instanceof ArchiveException ae) || ae.isRetriable(),
                        "PTF query of " + chunk.size() + " candidates failed: " + e.getMessage(), e);
            }
            for (int i = 0; i < chunk.size(); i++) {
                boolean hit = matched.containsKey(i);
                Map<String, Object> details = Map.of("has_ptf_match_ngood", hit);
                String srcId = chunk.get(i).srcId();
                verdicts.add(hit ? CandidateVerdict.reject(srcId, "ptf_match_ngoodobs", details)
                        : CandidateVerdict.keep(srcId, details));
            }
        }
        return verdicts;
    }
}
