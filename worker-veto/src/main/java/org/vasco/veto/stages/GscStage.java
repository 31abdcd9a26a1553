package org.vasco.veto.stages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.http.ArchiveException;
import org.vasco.veto.remote.CdsXmatchClient;
import org.vasco.veto.remote.VoTables;

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
        List<CandidateVerdict> verdicts = new ArrayList<>(batch.size());
        for (List<Candidate> chunk : Batches.chunks(batch, uploadRows)) {
            Map<Integer, CdsXmatchClient.XmatchPair> best = new HashMap<>();
            try {
                for (CdsXmatchClient.XmatchPair pair : xmatch.match(VoTables.uploadTable(chunk), VIZIER_TABLE,
                        radiusArcsec, "GSC2")) {
                    if (pair.rowId() < 0 || pair.rowId() >= chunk.size()) {
                        throw new IOException("CDS X-Match returned row_id " + pair.rowId() + " for an upload of "
                                + chunk.size() + " rows");
                    }
                    if (pair.angDistArcsec() <= radiusArcsec) {
                        best.merge(pair.rowId(), pair, (a, b) -> a.angDistArcsec() <= b.angDistArcsec() ? a : b);
                    }
                }
            } catch (IOException e) {
                throw new VetoStageException(NAME, !(e instanceof ArchiveException ae) || ae.isRetriable(),
                        "GSC cross-match of " + chunk.size() + " candidates failed: " + e.getMessage(), e);
            }
            for (int i = 0; i < chunk.size(); i++) {
                CdsXmatchClient.XmatchPair pair = best.get(i);
                String srcId = chunk.get(i).srcId();
                if (pair == null) {
                    verdicts.add(CandidateVerdict.keep(srcId, Map.of("has_gsc_match", false)));
                } else {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("has_gsc_match", true);
                    details.put("best_sep_arcsec", pair.angDistArcsec());
                    if (pair.counterpartId() != null) {
                        details.put("gsc2_id", pair.counterpartId());
                    }
                    verdicts.add(CandidateVerdict.reject(srcId, "gsc_match", details));
                }
            }
        }
        return verdicts;
    }
}
