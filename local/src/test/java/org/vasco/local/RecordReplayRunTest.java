package org.vasco.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.TileSelection;
import org.vasco.download.DownloadSettings;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.SyntheticSkyArchives;
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
    private static final Map<String, Object> PARAMETERS = Map.of("plate", PLATE, "record_replay", true);

    @Test
    void aRecordedRunReplaysOfflineWithIdenticalResults(@TempDir Path root) throws Exception {
        PlateCatalogue plates = PlateCatalogue.bundled();
        List<PlanTile> firstTwo = new TileSelection(plates, TessellationPlan.generate(plates)).ofPlate(PLATE, 2);
        List<PlanTile> recordedTile = firstTwo.subList(0, 1);
        List<PlanTile> neverRecorded = firstTwo.subList(1, 2);
        Path recording = root.resolve("recording");
        Map<String, String> archiveLocations;
        RunOutcome recorded;
        try (SyntheticArchives archives = SyntheticSkyArchives.start(SyntheticSky.withSeed(1).withSizeArcmin(SIZE_ARCMIN))) {
            archiveLocations = archives.environment();
            Environment env = settings(archiveLocations).with(ArchiveRecordingSettings.RECORD.name(), recording.toString());
            try (LocalCluster cluster = LocalCluster.start(root.resolve("recorded"), StageRegistry.bundled(), env, 1);
                 Database db = Database.open(JdbcConnection.from(cluster.environment()), "record-replay")) {
                recorded = RunOutcome.run(db, "recorded", RunMode.FAST, recordedTile, PARAMETERS);
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
            RunOutcome replayed = RunOutcome.run(db, "replayed", RunMode.FAST, recordedTile, PARAMETERS);

            assertThat(replayed.candidates()).isEqualTo(recorded.candidates());
            assertThat(replayed.flags()).isEqualTo(recorded.flags());
            assertThat(replayed.summaries()).isEqualTo(recorded.summaries());
            assertThat(replayed.funnel().run()).isEqualTo(recorded.funnel().run());
            assertThat(replayed.funnel().postStages()).isEqualTo(recorded.funnel().postStages());

            Funnel missing = RunOutcome.run(db, "not-recorded", RunMode.FAST, neverRecorded, PARAMETERS).funnel();
            assertThat(missing.failedTiles()).as("a tile the recording lacks fails; it is not silently empty").hasSize(1);
            assertThat(RunOutcome.rows(db, "SELECT error_message FROM run_tile WHERE run_id = ? AND step = 'download'",
                    "not-recorded")).singleElement().satisfies(row -> assertThat(row.get(0))
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
}
