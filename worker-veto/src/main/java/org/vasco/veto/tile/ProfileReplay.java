package org.vasco.veto.tile;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vasco.common.db.Database;
import org.vasco.common.stage.StageException;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.ScienceProfile;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;
import org.vasco.veto.chain.CandidateRows;
import org.vasco.veto.chain.VetoChainRunner;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.VetoStageException;

/**
 * What another science profile would have made of a finished run (issue 18 item 5): the veto step's science of that
 * profile — its late cuts and its post-stage chain — on the same measured data, the run's candidate rows and its tiles'
 * artefacts, writing nothing. The catalogue veto before it is the run's own (the profiles differ there only in
 * WCSFIX's clipping, docs/science.md). Remote stages whose parameters are the same in both profiles re-use the run's
 * stored verdicts (their fingerprints match); the others ask their services. Thread-safe when the stages are.
 */
public final class ProfileReplay {

    /**
     * One candidate's fate.
     *
     * @param srcId     the candidate
     * @param survives  true when every cut and post stage kept it
     * @param removedBy where it was removed, as the run's own flags read ({@code LATE: …}, {@code SPIKE: …},
     *                  {@code S0S_SHAPE (circularity)}); empty for a survivor
     */
    public record Fate(String srcId, boolean survives, String removedBy) {
    }

    /**
     * A tile of the run.
     *
     * @param tileId  the tile
     * @param plateId its plan plate
     * @param raDeg   its centre
     * @param decDeg  its centre
     */
    public record ReplayTile(String tileId, String plateId, double raDeg, double decDeg) {
    }

    private final Database database;
    private final ArtefactStore store;
    private final Map<ScienceProfile, ProfileScience> sciences;

    public ProfileReplay(Database database, ArtefactStore store, Map<ScienceProfile, ProfileScience> sciences) {
        this.database = Objects.requireNonNull(database, "database");
        this.store = Objects.requireNonNull(store, "store");
        this.sciences = Map.copyOf(sciences);
    }

    /**
     * Every candidate row of the run's tiles (S0 duplicates left out), judged as {@code profile} judges.
     *
     * @throws StageException      when a tile's artefacts cannot be read
     * @throws VetoStageException  when a post stage's service fails
     */
    public Map<String, Fate> replay(String runId, ScienceProfile profile, List<ReplayTile> tiles)
            throws SQLException, StageException, VetoStageException, InterruptedException {
        ProfileScience science = sciences.get(profile);
        TileLateCuts cuts = new TileLateCuts(science.lateCuts(), store);
        Map<String, Fate> fates = new LinkedHashMap<>();
        List<Candidate> passed = new ArrayList<>();
        try (Connection c = database.connection()) {
            for (ReplayTile t : tiles) {
                List<Candidate> rows = CandidateRows.ofTile(c, runId, t.tileId());
                TileTask task = new TileTask(TileTask.SCHEMA, runId, TileId.of(t.tileId()), t.plateId(), t.raDeg(), t.decDeg(),
                        Step.VETO, 1, "replay-" + profile.label());
                TileLateCuts.Outcome outcome = cuts.apply(task, rows);
                outcome.rejections().forEach((id, flag) -> fates.put(id, new Fate(id, false, flag[0] + ": " + flag[1])));
                passed.addAll(outcome.passed());
            }
            if (!passed.isEmpty()) {
                VetoChainRunner.ChainResult result = science.chain().judge(c, runId, passed).result();
                for (VetoChainRunner.StageOutcome stage : result.stages()) {
                    stage.rejections().forEach((id, reason) -> fates.put(id, new Fate(id, false,
                            stage.stage() + (reason.isEmpty() ? "" : " (" + reason + ")"))));
                }
                result.survivors().forEach(s -> fates.put(s.srcId(), new Fate(s.srcId(), true, "")));
            }
        }
        return fates;
    }
}
