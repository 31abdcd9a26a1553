package org.vasco.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.http.ArchiveRecordingSettings;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.coordinator.finalise.Funnel;
import org.vasco.coordinator.finalise.FunnelQuery;
import org.vasco.coordinator.finalise.RunReport;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.coordinator.run.TileSelection;
import org.vasco.download.DownloadSettings;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.veto.VetoSettings;

/**
 * Issue #21 item 4: a run recorded against the synthetic sky's loopback archives ({@code VASCO_ARCHIVE_RECORD}, what
 * {@code vasco run --record DIR} sets) replays offline ({@code VASCO_ARCHIVE_REPLAY}, what {@code vasco up --sky
 * replay:DIR} sets) with those servers stopped and a fresh cluster (no cut-out, no cached catalogue, nothing from the
 * first run): the replay gives identical candidates, verdicts, tile counters and funnel. A tile the recorded run never
 * asked for fails its download naming the request the recording lacks, instead of getting an empty answer.
 */
class RecordReplayRunTest {

    private static final String PLATE = "XE309";
    private static final double SIZE_ARCMIN = 10;

    @Test
    void aRecordedRunReplaysOfflineWithIdenticalResults(@TempDir Path root) throws Exception {
        PlateCatalogue plates = PlateCatalogue.bundled();
        List<PlanTile> firstTwo = new TileSelection(plates, TessellationPlan.generate(plates)).ofPlate(PLATE, 2);
        List<PlanTile> recordedTile = firstTwo.subList(0, 1);
        List<PlanTile> neverRecorded = firstTwo.subList(1, 2);
        Path recording = root.resolve("recording");
        Map<String, String> archiveLocations;
        RunResult recorded;
        try (SyntheticArchives archives = SyntheticArchives.start(SyntheticSky.withSeed(1))) {
            archiveLocations = archives.environment();
            Environment env = settings(archiveLocations).with(ArchiveRecordingSettings.RECORD.name(), recording.toString());
            try (LocalCluster cluster = LocalCluster.start(root.resolve("recorded"), StageRegistry.bundled(), env, 1);
                 Database db = Database.open(JdbcConnection.from(cluster.environment()), "record-replay")) {
                recorded = RunResult.of(db, "recorded", runToTheEnd(db, "recorded", recordedTile));
            }
        }
        assertThat(recorded.candidates()).as("a comparison of nothing proves nothing").isNotEmpty();
        assertThat(recorded.funnel().failedTiles()).isEmpty();
        try (Stream<Path> services = Files.list(recording)) {
            assertThat(services.map(p -> p.getFileName().toString())).as("every archive the run called was recorded")
                    .contains("dss", "vizier", "mast", "cds-xmatch", "skybot", "gavo-tap", "irsa-tap");
        }

        // The loopback archives are stopped: their ports refuse. Only the recording can answer.
        Environment replay = settings(archiveLocations).with(ArchiveRecordingSettings.REPLAY.name(), recording.toString());
        try (LocalCluster cluster = LocalCluster.start(root.resolve("replayed"), StageRegistry.bundled(), replay, 1);
             Database db = Database.open(JdbcConnection.from(cluster.environment()), "record-replay")) {
            RunResult replayed = RunResult.of(db, "replayed", runToTheEnd(db, "replayed", recordedTile));

            assertThat(replayed.candidates()).isEqualTo(recorded.candidates());
            assertThat(replayed.flags()).isEqualTo(recorded.flags());
            assertThat(replayed.summaries()).isEqualTo(recorded.summaries());
            assertThat(replayed.funnel().run()).isEqualTo(recorded.funnel().run());
            assertThat(replayed.funnel().postStages()).isEqualTo(recorded.funnel().postStages());

            Funnel missing = runToTheEnd(db, "not-recorded", neverRecorded);
            assertThat(missing.failedTiles()).as("a tile the recording lacks fails; it is not silently empty").hasSize(1);
            assertThat(rows(db, "SELECT error_message FROM run_tile WHERE run_id = ? AND step = 'download'", "not-recorded"))
                    .singleElement().satisfies(row -> assertThat(row.get(0))
                            .contains("holds no reply to GET ?v=poss1_red").contains(recording.toString()));
        }
    }

    /**
     * The settings both runs share: the loopback archives' locations, small cut-outs, each tile judged alone, runs
     * finalised within a second of their last step.
     */
    private static Environment settings(Map<String, String> archiveLocations) {
        return Environment.of(Map.of()).withAll(archiveLocations)
                .with(DownloadSettings.DSS_SIZE_ARCMIN.name(), Double.toString(SIZE_ARCMIN))
                .with(VetoSettings.BATCH_WINDOW.name(), "0s")
                .with(FrameworkSettings.RECONCILE_INTERVAL.name(), "1s");
    }

    private static Funnel runToTheEnd(Database db, String runId, List<PlanTile> tiles) throws Exception {
        new RunSubmission(db).submit(runId, RunMode.FAST, tiles, Map.of("plate", PLATE, "record_replay", true));
        AtomicReference<Funnel> funnel = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            RunReport report = new FunnelQuery(db).report(runId);
            assertThat(report).as(runId).isInstanceOf(RunReport.Complete.class);
            funnel.set(((RunReport.Complete) report).funnel());
        });
        return funnel.get();
    }

    /** What a run produced, without its run id. */
    private record RunResult(List<List<String>> candidates, List<List<String>> flags, List<List<String>> summaries,
                             Funnel funnel) {

        static RunResult of(Database db, String runId, Funnel funnel) throws Exception {
            return new RunResult(
                    rows(db, "SELECT src_id, tile_id, plate_id, object_number, ra_deg, dec_deg, plate_epoch, measurements::text,"
                            + " duplicate_of, merged_ids::text FROM candidate WHERE run_id = ? ORDER BY src_id", runId),
                    rows(db, "SELECT src_id, stage, verdict, reason, details::text FROM candidate_flag WHERE run_id = ?"
                            + " ORDER BY src_id, stage", runId),
                    rows(db, "SELECT tile_id, counters::text, wcsfix::text FROM tile_summary WHERE run_id = ? ORDER BY tile_id",
                            runId),
                    funnel);
        }
    }

    private static List<List<String>> rows(Database db, String sql, String runId) throws Exception {
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
