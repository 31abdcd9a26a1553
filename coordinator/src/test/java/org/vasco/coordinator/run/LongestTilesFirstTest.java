package org.vasco.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vasco.common.db.Database;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.task.TaskCodec;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.testkit.services.SharedServices;

class LongestTilesFirstTest {

    private final Database db = SharedServices.get().database();

    @BeforeEach
    void planLoaded() throws Exception {
        PlanCatalogueLoader.bundled().ensureLoaded(db);
    }

    @Test
    void aRunQueuesItsTilesLongestFirstByTheirLatestCompletedStepsNewTilesAheadOfThem() throws Exception {
        List<PlanTile> tiles = tilesNeverRun(4);
        PlanTile quick = tiles.get(0);
        PlanTile long80 = tiles.get(1);
        PlanTile twoSteps = tiles.get(2);
        PlanTile neverRun = tiles.get(3);
        RunSubmission submission = new RunSubmission(db);
        String older = run("older");
        String earlier = run("earlier");
        submission.submit(older, RunMode.DEFAULT, List.of(quick), Map.of());
        submission.submit(earlier, RunMode.DEFAULT, List.of(quick, long80, twoSteps), Map.of());
        // quick took 200 s an hour ago but 5 s since: only its latest completion counts
        completed(older, quick, "download", 200, 3600);
        completed(earlier, quick, "download", 5, 0);
        completed(earlier, long80, "download", 80, 0);
        // twoSteps: 50 s + 50 s over two steps, longer than long80's 80 s in one
        completed(earlier, twoSteps, "download", 50, 0);
        completed(earlier, twoSteps, "extract", 50, 0);

        String next = run("next");
        submission.submit(next, RunMode.DEFAULT, List.of(quick, long80, twoSteps, neverRun), Map.of());

        assertThat(queuedOrder(next)).containsExactly(neverRun.tileId().value(), twoSteps.tileId().value(),
                long80.tileId().value(), quick.tileId().value());
        try (Connection c = db.connection()) {
            assertThat(LongestTilesFirst.order(c, List.of(quick, neverRun))).as("a tile without history first")
                    .containsExactly(neverRun, quick);
        }
    }

    @Test
    void tilesWithoutHistoryKeepTheOrderTheyWereGivenIn() throws Exception {
        List<PlanTile> tiles = tilesNeverRun(5);
        String run = run("fresh");
        new RunSubmission(db).submit(run, RunMode.DEFAULT, tiles, Map.of());

        assertThat(queuedOrder(run)).containsExactlyElementsOf(tiles.stream().map(t -> t.tileId().value()).toList());
    }

    private static String run(String prefix) {
        return "ltf-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Plan tiles no run of the shared database has touched yet, from the end of the plan (other tests use its start). */
    private List<PlanTile> tilesNeverRun(int n) throws Exception {
        Set<String> touched = new HashSet<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT DISTINCT tile_id FROM run_tile");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                touched.add(rs.getString(1));
            }
        }
        List<PlanTile> plan = new ArrayList<>(TessellationPlan.generate(PlateCatalogue.bundled()));
        Collections.reverse(plan);
        return plan.stream().filter(t -> !touched.contains(t.tileId().value())).limit(n).toList();
    }

    /** Marks a run's step of a tile DONE, having taken {@code seconds} and finished {@code agoSeconds} ago. */
    private void completed(String run, PlanTile tile, String step, int seconds, int agoSeconds) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_tile (run_id, tile_id, step, state, started_at, finished_at)"
                        + " VALUES (?, ?, ?, 'DONE', now() - make_interval(secs => ? + ?), now() - make_interval(secs => ?))"
                        + " ON CONFLICT (run_id, tile_id, step) DO UPDATE SET state = 'DONE', started_at = excluded.started_at,"
                        + " finished_at = excluded.finished_at")) {
            ps.setString(1, run);
            ps.setString(2, tile.tileId().value());
            ps.setString(3, step);
            ps.setInt(4, seconds);
            ps.setInt(5, agoSeconds);
            ps.setInt(6, agoSeconds);
            ps.executeUpdate();
        }
    }

    /** The tiles of a run's outbox tasks in the order they will be published. */
    private List<String> queuedOrder(String run) throws Exception {
        List<String> tiles = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT payload FROM outbox WHERE payload LIKE ? ORDER BY id")) {
            ps.setString(1, "%\"run_id\":\"" + run + "\"%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tiles.add(TaskCodec.decode(rs.getBytes(1)).tileId());
                }
            }
        }
        return tiles;
    }
}
