package org.vasco.veto.stages;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vasco.veto.remote.TapUploadClient;

/**
 * S3: SuperCOSMOS through the GAVO TAP service, in the release's {@code keep_matches} mode (SPEC §9.6): an
 * independent scan of the same plates must see the source too, so candidates <em>without</em> a SuperCOSMOS
 * counterpart within the radius are rejected as DSS scanning artefacts.
 */
public final class SupercosmosStage implements VetoStage {

    public static final String NAME = "S3_SCOS";

    private final TapUploadClient tap;
    private final double radiusArcsec;
    private final int uploadRows;

    public SupercosmosStage(TapUploadClient tap, double radiusArcsec, int uploadRows) {
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
        return Map.of("mode", "keep_matches", "table", "supercosmos.sources", "radius_arcsec", radiusArcsec);
    }

    /** The reference's query: counterparts per uploaded row within the radius. */
    String adql() {
        return String.format(Locale.ROOT, "SELECT u.row_id AS row_id, COUNT(*) AS matched_count "
                + "FROM TAP_UPLOAD.%s AS u JOIN supercosmos.sources AS s "
                + "ON 1=CONTAINS(POINT('ICRS', s.raj2000, s.dej2000), CIRCLE('ICRS', u.ra, u.dec, %s/3600.0)) "
                + "GROUP BY u.row_id", TapUploadClient.UPLOAD_NAME, radiusArcsec);
    }

    @Override
    public List<CandidateVerdict> judge(List<Candidate> batch) throws VetoStageException, InterruptedException {
        return Batches.judgeByUpload(NAME, "SuperCOSMOS query", batch, uploadRows,
                chunk -> tap.countsByRowId(adql(), Batches.uploadTable(chunk), "matched_count"),
                (candidate, row, counts) -> {
                    long n = counts.getOrDefault(row, 0L);
                    Map<String, Object> details = Map.of("has_supercosmos_match", n > 0, "matched_count", n);
                    return n > 0 ? CandidateVerdict.keep(candidate.srcId(), details)
                            : CandidateVerdict.reject(candidate.srcId(), "no_supercosmos_counterpart", details);
                });
    }
}
