package org.vasco.coordinator.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vasco.common.metrics.MetricNames;
import org.vasco.common.task.Step;
import org.vasco.coordinator.reconcile.RunRows;
import org.vasco.testkit.services.SharedServices;

/**
 * The backlog counts exactly the tile steps a worker could claim now, per step, and a partial index serves the
 * query. The shared database holds other test classes' rows too (the backlog is cluster-wide), so the checks compare
 * the counts before and after this test's rows.
 */
class StepBacklogTest {

    private final SharedServices services = SharedServices.get();
    private final RunRows rows = new RunRows(services.database());

    @Test
    void countsDueQueuedAndRetryStepsOfEachStepOnly() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BacklogGauges gauges = new BacklogGauges(services.database(), registry)) {
            gauges.refresh();
            Map<Step, Long> before = snapshot(gauges);
            String run = RunRows.newRunId("backlog");
            rows.seed(run, Step.EXTRACT, 6, "QUEUED");
            // Of the six extract rows: two stay QUEUED, one is a due RETRY, one a RETRY still backing off, one RUNNING,
            // one DONE. The backlog is the three a worker could claim now.
            rows.execute("UPDATE run_tile SET state = 'RETRY', not_before = now() - interval '1 second' WHERE run_id = ? AND tile_id = ?",
                    run, RunRows.tile(2).toString());
            rows.execute("UPDATE run_tile SET state = 'RETRY', not_before = now() + interval '10 minutes' WHERE run_id = ? AND tile_id = ?",
                    run, RunRows.tile(3).toString());
            rows.execute("UPDATE run_tile SET state = 'RUNNING', lease_owner = 'w', lease_until = now() + interval '1 minute'"
                    + " WHERE run_id = ? AND tile_id = ?", run, RunRows.tile(4).toString());
            rows.execute("UPDATE run_tile SET state = 'DONE' WHERE run_id = ? AND tile_id = ?", run, RunRows.tile(5).toString());
            String other = RunRows.newRunId("backlog-veto");
            rows.seed(other, Step.VETO, 2, "QUEUED");

            gauges.refresh();
            Map<Step, Long> after = snapshot(gauges);
            assertThat(after.get(Step.EXTRACT) - before.get(Step.EXTRACT)).isEqualTo(3);
            assertThat(after.get(Step.VETO) - before.get(Step.VETO)).isEqualTo(2);
            assertThat(after.get(Step.DOWNLOAD)).isEqualTo(before.get(Step.DOWNLOAD));
            assertThat(registry.get(MetricNames.STEP_BACKLOG).tag("step", "extract").gauge().value())
                    .isEqualTo((double) after.get(Step.EXTRACT));
            // One series per step from the start, so an autoscaler never finds the metric missing.
            assertThat(registry.get(MetricNames.STEP_BACKLOG).gauges()).hasSize(Step.values().length);
        }
    }

    @Test
    void thePartialBacklogIndexServesTheQueryOfEveryStep() throws SQLException {
        try (Connection c = services.database().connection(); Statement st = c.createStatement()) {
            // The test tables are small, where a sequential scan is cheaper anyway: forbid it to see which index the
            // planner would take on a large table (docs/performance.md has the figures on 613,000 rows).
            st.execute("SET enable_seqscan = off");
            for (Step step : Step.values()) {
                List<String> plan = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("EXPLAIN " + StepBacklog.scalerQuery(step))) {
                    while (rs.next()) {
                        plan.add(rs.getString(1));
                    }
                }
                assertThat(String.join("\n", plan)).as(step.label()).contains("run_tile_backlog_idx");
            }
            st.execute("RESET enable_seqscan");
        }
    }

    /** KEDA runs the plain-SQL form of the query: it counts what the coordinator's parameterised form counts. */
    @Test
    void theScalersQueryCountsWhatTheGaugeCounts() throws Exception {
        String run = RunRows.newRunId("backlog-scaler");
        rows.seed(run, Step.XMATCH, 3, "RETRY");
        try (Connection c = services.database().connection(); Statement st = c.createStatement()) {
            for (Step step : Step.values()) {
                try (ResultSet rs = st.executeQuery(StepBacklog.scalerQuery(step))) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(step.label()).isEqualTo(StepBacklog.count(c, step));
                }
            }
            assertThat(StepBacklog.count(c, Step.XMATCH)).isGreaterThanOrEqualTo(3);
        }
    }

    private static Map<Step, Long> snapshot(BacklogGauges gauges) {
        Map<Step, Long> values = new EnumMap<>(Step.class);
        for (Step s : Step.values()) {
            values.put(s, gauges.last(s));
        }
        return values;
    }
}
