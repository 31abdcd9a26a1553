package org.vasco.veto.stages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S5: reject known variables and transients of the local VSX catalogue within the radius (SPEC §9.8).
 * Refuses to run, for the whole batch, while VSX has not been imported: an empty catalogue would pass everyone.
 */
public final class VsxStage implements VetoStage {

    public static final String NAME = "S5_VSX";

    private final VariableStarIndex vsx;
    private final double radiusArcsec;

    public VsxStage(VariableStarIndex vsx, double radiusArcsec) {
        this.vsx = vsx;
        this.radiusArcsec = radiusArcsec;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("catalogue", "B/vsx (local)", "radius_arcsec", radiusArcsec);
    }

    /** The imported file's SHA-256: a re-import re-judges every candidate. */
    @Override
    public String dataRelease() throws VetoStageException {
        try {
            return vsx.lastImport().map(VariableStarIndex.Import::sha256).orElseThrow(() -> new VetoStageException(NAME,
                    false, "the VSX catalogue has not been imported; run 'vasco catalog import-vsx "
                    + "<vsx.dat|slim.csv|slim.fits>' or disable the stage with VASCO_VETO_VSX_ENABLED=false", null));
        } catch (IOException e) {
            throw new VetoStageException(NAME, true, e.getMessage(), e);
        }
    }

    @Override
    public List<CandidateVerdict> judge(List<Candidate> batch) throws VetoStageException {
        dataRelease();
        try {
            List<CandidateVerdict> verdicts = new ArrayList<>(batch.size());
            for (Candidate cand : batch) {
                List<VariableStarIndex.Match> matches = vsx.within(cand.raDeg(), cand.decDeg(), radiusArcsec);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("is_known_variable_or_transient", !matches.isEmpty());
                details.put("matched_count", matches.size());
                if (matches.isEmpty()) {
                    verdicts.add(CandidateVerdict.keep(cand.srcId(), details));
                } else {
                    details.put("best_sep_arcsec", matches.get(0).separationArcsec());
                    details.put("vsx_name", matches.get(0).name());
                    verdicts.add(CandidateVerdict.reject(cand.srcId(), "vsx_match", details));
                }
            }
            return verdicts;
        } catch (IOException e) {
            throw new VetoStageException(NAME, true, e.getMessage(), e);
        }
    }
}
