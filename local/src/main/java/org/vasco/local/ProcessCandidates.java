package org.vasco.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vasco.common.detection.Detection;
import org.vasco.common.detection.MeasuredColumns;
import org.vasco.common.late.LateCuts;
import org.vasco.common.storage.ArtefactFile;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.ScienceProfile;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.CandidateVerdict;
import org.vasco.veto.stages.VetoStage;
import org.vasco.veto.stages.VetoStageException;
import org.vasco.xmatch.stage.XmatchArtefacts;

/**
 * The pixel post stages of {@code vasco process} (issue 18 item 6): the tile's survivors (the late cuts' survivors,
 * {@code ArtefactFile.SURVIVORS}) go through S0M and then S0S of the chosen profile as the veto step runs them (the shrinking
 * set), with the tile's own detections, Gaia neighbourhood and pixels; {@code candidates.csv} holds those both keep,
 * with their verdict and reason columns. The remote post stages are not run: they need the archives.
 */
final class ProcessCandidates {

    /** The columns before the stages' verdict columns. */
    static final List<String> LEADING = List.of("src_id", "NUMBER", "ra", "dec", "profile");

    private ProcessCandidates() {
    }

    /**
     * Judges the survivors and writes {@code candidates.csv} into {@code dir}.
     *
     * @param stages the profile's S0M and S0S, in that order
     * @return the survivors both keep
     */
    static int write(ArtefactStore store, Path dir, String tileId, String plateId, double epochYear, double epochJd,
                     ScienceProfile profile, List<LateCuts.Judged> survivors, Map<Integer, double[]> positions,
                     List<VetoStage> stages) throws IOException, VetoStageException, InterruptedException {
        List<Candidate> current = new ArrayList<>();
        for (LateCuts.Judged j : survivors) {
            Detection d = j.detection();
            double[] at = positions.getOrDefault(d.number(), new double[] {d.alphaJ2000(), d.deltaJ2000()});
            current.add(new Candidate(tileId + ":" + d.number(), tileId, plateId, at[0], at[1], epochYear, epochJd,
                    Candidate.numericColumns(MeasuredColumns.asMap(d))));
        }
        Map<String, Map<String, CandidateVerdict>> verdicts = new LinkedHashMap<>();
        for (VetoStage stage : stages) {
            Map<String, CandidateVerdict> byId = new HashMap<>();
            List<Candidate> kept = new ArrayList<>();
            for (CandidateVerdict v : stage.judge(current)) {
                byId.put(v.srcId(), v);
            }
            for (Candidate c : current) {
                if (byId.get(c.srcId()).verdict().survives()) {
                    kept.add(c);
                }
            }
            verdicts.put(stage.name(), byId);
            current = kept;
        }
        List<String> header = new ArrayList<>(LEADING);
        for (String stage : verdicts.keySet()) {
            header.add(stage + "_verdict");
            header.add(stage + "_reason");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Candidate c : current) {
            List<Object> row = new ArrayList<>(List.of(c.srcId(), c.objectNumber(), c.raDeg(), c.decDeg(), profile.label()));
            for (Map<String, CandidateVerdict> stage : verdicts.values()) {
                CandidateVerdict v = stage.get(c.srcId());
                row.add(v.verdict().name());
                row.add(v.reason() == null ? "" : v.reason());
            }
            rows.add(row);
        }
        XmatchArtefacts.csv(store, ArtefactFile.CANDIDATES.in(dir), header, rows);
        return current.size();
    }

}
