package org.vasco.coordinator.finalise;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vasco.common.db.Database;
import org.vasco.common.summary.FunnelCounter;
import org.vasco.coordinator.run.InvalidRunRequestException;

/**
 * Builds a run's {@link RunReport}: the {@link Funnel} when every tile is final and the run finalised (call
 * {@link RunFinaliser#finalise} first to finalise a complete run now), else the unfinished tiles. The
 * step-4 counters are summed over done tiles only, so each column of the funnel covers the same tiles; candidates
 * are those of done tiles. Run ids must be validated by the caller. Thread-safe.
 */
public final class FunnelQuery {

    /** The SPEC §8.2 counters of the funnel's step-4 rows, in funnel order. */
    static final List<FunnelCounter> COUNTERS = List.of(FunnelCounter.VETO_START_ROWS, FunnelCounter.VETO_AFTER_GAIA_ROWS,
            FunnelCounter.VETO_AFTER_PS1_ROWS, FunnelCounter.VETO_AFTER_USNOB_ROWS, FunnelCounter.LATE_KEPT_HARD_GATES,
            FunnelCounter.SURVIVORS);

    private final Database db;

    public FunnelQuery(Database db) {
        this.db = db;
    }

    /** @throws InvalidRunRequestException when there is no such run */
    public RunReport report(String runId) throws SQLException, InvalidRunRequestException {
        // One snapshot for the completeness check and every count.
        return db.inSnapshot(c -> report(c, runId));
    }

    /** {@link #report(String)} inside the caller's transaction (its snapshot). */
    static RunReport report(Connection c, String runId) throws SQLException, InvalidRunRequestException {
        String state;
        String profile;
        try (PreparedStatement ps = c.prepareStatement("SELECT state, profile FROM run WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new InvalidRunRequestException("Unknown run '" + runId + "'");
                }
                state = rs.getString(1);
                profile = rs.getString(2);
            }
        }
        Map<String, TileRow> tiles = tiles(c, runId);
        List<UnfinishedTiles.UnfinishedTile> unfinished = UnfinishedTiles.of(c, runId);
        if (!unfinished.isEmpty()) {
            return new RunReport.Incomplete(runId, tiles.size(), unfinished);
        }
        if (RunFinaliser.isDue(c, runId)) {
            return new RunReport.Unfinalised(runId);
        }
        List<RunCandidate> candidates = RunCandidate.load(c, runId);
        List<String> stages = RunCandidate.stagesOf(candidates);
        Map<String, Tally> plates = new TreeMap<>();
        Tally run = new Tally(null, stages);
        List<Funnel.TileOutcome> failed = new ArrayList<>();
        List<Funnel.TileOutcome> skipped = new ArrayList<>();
        for (TileRow t : tiles.values()) {
            Tally plate = plates.computeIfAbsent(t.plateId, p -> new Tally(p, stages));
            for (Tally tally : List.of(run, plate)) {
                tally.tile(t);
            }
            if (t.failed != null) {
                failed.add(t.failed);
            } else if (t.skipped != null) {
                skipped.add(t.skipped);
            }
        }
        for (RunCandidate candidate : candidates) {
            Tally plate = plates.computeIfAbsent(candidate.planPlateId(), p -> new Tally(p, stages));
            for (Tally tally : List.of(run, plate)) {
                tally.candidate(candidate, stages);
            }
        }
        return new RunReport.Complete(new Funnel(runId, state, profile, stages, run.counts(),
                plates.values().stream().map(Tally::counts).toList(), failed, skipped, S0RowChecks.of(candidates, stages)));
    }

    /** Every tile of the run with its outcome and, for done tiles, its counters. */
    private static Map<String, TileRow> tiles(Connection c, String runId) throws SQLException {
        Map<String, TileRow> tiles = new LinkedHashMap<>();
        // One (ts.counters ->> ?) per COUNTERS key, the keys bound as parameters 1..6, so the SQL text stays constant.
        try (PreparedStatement ps = c.prepareStatement("SELECT rt.tile_id, t.plate_id, rt.step, rt.state, rt.reason,"
                + " rt.error_message, rt.step = r.steps[array_length(r.steps, 1)],"
                + " (ts.counters ->> ?)::numeric, (ts.counters ->> ?)::numeric, (ts.counters ->> ?)::numeric,"
                + " (ts.counters ->> ?)::numeric, (ts.counters ->> ?)::numeric, (ts.counters ->> ?)::numeric"
                + " FROM run_tile rt JOIN run r ON r.run_id = rt.run_id JOIN tile t ON t.tile_id = rt.tile_id"
                + " LEFT JOIN tile_summary ts ON ts.run_id = rt.run_id AND ts.tile_id = rt.tile_id"
                + " WHERE rt.run_id = ? ORDER BY rt.tile_id, rt.queued_at, rt.step")) {
            for (int k = 0; k < COUNTERS.size(); k++) {
                ps.setString(1 + k, COUNTERS.get(k).key());
            }
            ps.setString(1 + COUNTERS.size(), runId);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String tileId = rs.getString(1);
                    TileRow t = tiles.computeIfAbsent(tileId, k -> new TileRow());
                    t.plateId = rs.getString(2);
                    String step = rs.getString(3);
                    String stepState = rs.getString(4);
                    Funnel.TileOutcome outcome = new Funnel.TileOutcome(tileId, t.plateId, step, rs.getString(5), rs.getString(6));
                    if (stepState.equals("FAILED") && t.failed == null) {
                        t.failed = outcome;
                    } else if (stepState.equals("SKIPPED") && t.skipped == null) {
                        t.skipped = outcome;
                    } else if (stepState.equals("DONE") && rs.getBoolean(7)) {
                        t.lastStepDone = true;
                    }
                    for (int k = 0; k < COUNTERS.size(); k++) {
                        BigDecimal v = rs.getBigDecimal(8 + k);
                        t.counters[k] = v == null ? 0 : v.longValue();
                    }
                }
            }
        }
        return tiles;
    }

    private static final class TileRow {
        String plateId;
        Funnel.TileOutcome failed;
        Funnel.TileOutcome skipped;
        boolean lastStepDone;
        final long[] counters = new long[COUNTERS.size()];

        boolean done() {
            return failed == null && skipped == null && lastStepDone;
        }
    }

    /** Running sums for one funnel column. */
    private static final class Tally {
        final String plateId;
        int tiles;
        int done;
        int empty;
        int failed;
        int skipped;
        final long[] counters = new long[COUNTERS.size()];
        long s0;
        final Map<String, Long> afterStage = new LinkedHashMap<>();
        long finals;

        Tally(String plateId, List<String> stages) {
            this.plateId = plateId;
            stages.forEach(s -> afterStage.put(s, 0L));
        }

        void tile(TileRow t) {
            tiles++;
            if (t.failed != null) {
                failed++;
            } else if (t.skipped != null) {
                skipped++;
            } else if (t.done()) {
                done++;
                // survivors is the last counter: a done tile with none is a valid empty tile, not a missing one.
                if (t.counters[COUNTERS.size() - 1] == 0) {
                    empty++;
                }
                for (int k = 0; k < counters.length; k++) {
                    counters[k] += t.counters[k];
                }
            }
        }

        void candidate(RunCandidate candidate, List<String> stages) {
            if (!candidate.inS0()) {
                return;
            }
            s0++;
            for (String stage : stages) {
                if (candidate.survives(stages, stage)) {
                    afterStage.merge(stage, 1L, Long::sum);
                }
            }
            if (candidate.survives(stages, null)) {
                finals++;
            }
        }

        Funnel.Counts counts() {
            return new Funnel.Counts(plateId, tiles, done, empty, failed, skipped, counters[0], counters[1], counters[2],
                    counters[3], counters[4], counters[5], s0, Collections.unmodifiableMap(new LinkedHashMap<>(afterStage)), finals);
        }
    }
}
