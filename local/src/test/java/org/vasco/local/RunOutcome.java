package org.vasco.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.vasco.common.db.Database;
import org.vasco.coordinator.finalise.Funnel;
import org.vasco.coordinator.finalise.FunnelQuery;
import org.vasco.coordinator.finalise.RunReport;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.RunSubmission;

/**
 * What a run on a local cluster produced, read back without its run id so that two runs can be compared row for row:
 * the candidates with every measured column, every verdict of the late cuts and the post stages, the tile counters,
 * and the funnel. For the end-to-end tests that run the same tiles twice.
 *
 * @param candidates src_id, tile, plate, object number, position, epoch, measurements, duplicate marks; by src_id
 * @param flags      src_id, stage, verdict, reason, details; by src_id and stage
 * @param summaries  tile, counters, wcsfix; by tile
 * @param funnel     the run's funnel once complete
 */
record RunOutcome(List<List<String>> candidates, List<List<String>> flags, List<List<String>> summaries, Funnel funnel) {

    /** Submits the tiles as run {@code runId}, waits until the run is complete and reads what it produced. */
    static RunOutcome run(Database db, String runId, RunMode mode, List<PlanTile> tiles, Map<String, Object> parameters)
            throws Exception {
        new RunSubmission(db).submit(runId, mode, tiles, parameters);
        AtomicReference<Funnel> funnel = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            RunReport report = new FunnelQuery(db).report(runId);
            assertThat(report).as(runId).isInstanceOf(RunReport.Complete.class);
            funnel.set(((RunReport.Complete) report).funnel());
        });
        return new RunOutcome(
                rows(db, "SELECT src_id, tile_id, plate_id, object_number, ra_deg, dec_deg, plate_epoch, measurements::text,"
                        + " duplicate_of, merged_ids::text FROM candidate WHERE run_id = ? ORDER BY src_id", runId),
                rows(db, "SELECT src_id, stage, verdict, reason, details::text FROM candidate_flag WHERE run_id = ?"
                        + " ORDER BY src_id, stage", runId),
                rows(db, "SELECT tile_id, counters::text, wcsfix::text FROM tile_summary WHERE run_id = ? ORDER BY tile_id", runId),
                funnel.get());
    }

    /** The rows of a query with one parameter, the run id, as text. */
    static List<List<String>> rows(Database db, String sql, String runId) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int k = 1; k <= n; k++) {
                        row.add(rs.getString(k));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
