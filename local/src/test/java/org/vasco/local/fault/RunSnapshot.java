package org.vasco.local.fault;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vasco.common.db.Database;
import org.vasco.common.task.Step;
import org.vasco.coordinator.finalise.Funnel;
import org.vasco.coordinator.finalise.FunnelQuery;
import org.vasco.coordinator.finalise.RunCandidate;
import org.vasco.coordinator.finalise.RunReport;
import org.vasco.coordinator.finalise.SurvivorSelection;

/**
 * What a finished fault run left behind, read once the run is final: its step rows, its database effects
 * (candidates, verdicts, stage ledger, tile summaries), its funnel, the state of its outbox and dead letters,
 * and the artefacts on its shared storage. Every list is in a fixed order, and nothing in it names the run
 * (ids of rows are tile and source ids), so two runs of one sky compare with {@code equals}.
 *
 * @param runState   the run's state (FINALISED once final)
 * @param steps      the run's step graph
 * @param stepRows   one per run_tile row: tile, step, state (attempts and timings are left out: they differ)
 * @param candidates candidate rows, S0 dedup columns included, by source id
 * @param finalCandidates the final candidates (S0 representatives no post stage rejected, {@link SurvivorSelection#FINAL}),
 *                   by source id, as {@link #finalCandidates(Connection, String)} lists them
 * @param verdicts   candidate_flag rows, by source id and stage
 * @param ledger     stage_ledger rows, by stage
 * @param summaries  tile_summary rows, by tile
 * @param funnel     the run's funnel with its run id blanked
 * @param unpublished outbox rows never published
 * @param deadLetters payloads of the tasks dead-lettered
 * @param attempts   tile steps that took more than one attempt, "tile step attempts" (how much the fault cost)
 * @param completions "tile | step | n" for every tile step whose completion committed, n the times it did (each commit
 *                    applies the step's effects, so n must be 1; counted by a trigger, {@link RunDatabase#countCompletions})
 * @param artefacts  the artefacts on the shared storage and what is wrong with them
 * @param took       from the start of {@link FaultRun#awaitFinal} until final
 */
public record RunSnapshot(String runState, List<String> steps, List<String> stepRows, List<String> candidates,
                          List<String> finalCandidates, List<String> verdicts, List<String> ledger, List<String> summaries, Funnel funnel,
                          int unpublished, List<String> deadLetters, List<String> attempts, List<String> completions,
                          ArtefactCheck artefacts, Duration took) {

    static RunSnapshot take(Database db, String runId, Path data, Duration took) {
        try (Connection c = db.connection()) {
            String state = null;
            List<String> steps = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT state, steps FROM run WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        state = rs.getString(1);
                        steps.addAll(List.of((String[]) rs.getArray(2).getArray()));
                    }
                }
            }
            List<String> stepRows = rows(c, "SELECT tile_id, step, state FROM run_tile WHERE run_id = ?"
                    + " ORDER BY tile_id, array_position(?::text[], step)", runId, steps);
            List<String> candidates = rows(c, "SELECT src_id, tile_id, plate_id, object_number, ra_deg, dec_deg, plate_epoch,"
                    + " measurements::text, merged_ids::text, duplicate_of FROM candidate WHERE run_id = ? ORDER BY src_id", runId, null);
            List<String> verdicts = rows(c, "SELECT src_id, stage, verdict, reason, details::text, fingerprint"
                    + " FROM candidate_flag WHERE run_id = ? ORDER BY src_id, stage", runId, null);
            List<String> ledger = rows(c, "SELECT stage, fingerprint, parameters::text, input_rows, rejected_rows, kept_rows,"
                    + " totals::text FROM stage_ledger WHERE run_id = ? ORDER BY stage", runId, null);
            List<String> summaries = rows(c, "SELECT tile_id, counters::text, wcsfix::text FROM tile_summary WHERE run_id = ?"
                    + " ORDER BY tile_id", runId, null);
            List<String> attempts = rows(c, "SELECT tile_id, step, attempt FROM run_tile WHERE run_id = ? AND attempt > 1"
                    + " ORDER BY tile_id, step", runId, null);
            List<String> completions = rows(c, "SELECT tile_id, step, completions FROM " + RunDatabase.COMPLETIONS
                    + " WHERE run_id = ? ORDER BY tile_id, array_position(?::text[], step)", runId, steps);
            List<String> dead = rows(c, "SELECT payload FROM outbox WHERE topic = ? ORDER BY id", Step.DLQ_TOPIC, null);
            int unpublished = rows(c, "SELECT id FROM outbox WHERE published_at IS NULL", null, null).size();
            Funnel funnel = funnel(db, runId);
            return new RunSnapshot(state, List.copyOf(steps), stepRows, candidates, finalCandidates(c, runId), verdicts, ledger, summaries, funnel,
                    unpublished, dead, attempts, completions, ArtefactCheck.of(data), took);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the results of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /**
     * A run's final candidates, as the product selects them ({@link SurvivorSelection#FINAL}), each as
     * "src_id | tile_id | plate_id | object_number | ra | dec | measurements": nothing in it names the run, so two runs
     * of one sky compare with {@code equals}, and so do a run's and another's of some of the same tiles.
     */
    static List<String> finalCandidates(Connection c, String runId) throws SQLException {
        List<RunCandidate> all = RunCandidate.load(c, runId);
        return SurvivorSelection.FINAL.select(all, RunCandidate.stagesOf(all)).stream()
                .map(r -> String.join(" | ", r.srcId(), r.tileId(), r.plateId(), Integer.toString(r.objectNumber()),
                        Double.toString(r.raDeg()), Double.toString(r.decDeg()), r.measurements()))
                .sorted().toList();
    }

    private static Funnel funnel(Database db, String runId) throws SQLException {
        try {
            RunReport report = new FunnelQuery(db).report(runId);
            if (report instanceof RunReport.Complete complete) {
                Funnel f = complete.funnel();
                return new Funnel("", f.state(), f.profile(), f.postStages(), f.run(), f.plates(), f.failedTiles(), f.skippedTiles(),
                        f.checks());
            }
            return null;
        } catch (org.vasco.coordinator.run.InvalidRunRequestException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Each row as its columns joined by " | "; {@code first} and {@code array}, when given, are the parameters. */
    private static List<String> rows(Connection c, String sql, String first, List<String> array) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (first != null) {
                ps.setString(1, first);
            }
            if (array != null) {
                ps.setArray(2, c.createArrayOf("text", array.toArray()));
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        if (i > 1) {
                            b.append(" | ");
                        }
                        b.append(rs.getString(i));
                    }
                    rows.add(b.toString());
                }
            }
            return List.copyOf(rows);
        }
    }

    /** How many tiles ended in each state at the last step, and candidate/verdict counts: for logs and reports. */
    public String describe() {
        String last = steps.isEmpty() ? "?" : steps.get(steps.size() - 1);
        long done = stepRows.stream().filter(r -> r.endsWith(" | " + last + " | DONE")).count();
        return String.format(Locale.ROOT, "%s, %d tiles done at %s, %d candidates (%d S0 representatives, %d final), %d verdicts,"
                        + " %d dead letters, %d unpublished, %d step(s) retried %s, %d artefacts (%d problems), final after %.1f s",
                runState, done, last, candidates.size(), candidates.stream().filter(r -> r.endsWith(" | null")).count(),
                finalCandidates.size(), verdicts.size(), deadLetters.size(), unpublished, attempts.size(), attempts, artefacts.files().size(),
                artefacts.problems().size(), took.toMillis() / 1000.0);
    }
}
