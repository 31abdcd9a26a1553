package org.vasco.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.service.WorkerService;
import org.vasco.common.storage.TileArea;
import org.vasco.common.storage.TileArtefacts;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.testkit.archives.LoopbackDssServer;
import org.vasco.testkit.archives.Misbehaviour;

/**
 * The download worker end to end on the shared broker and database: tasks from the outbox through Kafka to the
 * stage, each acceptance outcome recorded in {@code run_tile}, the registry written and extraction queued.
 */
class DownloadWorkerTest {

    private static LoopbackDssServer dss;
    private static DownloadFixture fixture;

    @BeforeAll
    static void start() {
        dss = LoopbackDssServer.start(SmallCutouts.stsciLike());
        fixture = new DownloadFixture();
    }

    @AfterAll
    static void stop() {
        dss.close();
    }

    @Test
    void tilesAreDownloadedRegisteredAndQueuedForExtractionAndEveryRejectionIsRecorded() throws Exception {
        String run = "dl-worker-" + UUID.randomUUID().toString().substring(0, 8);
        List<TileTask> good = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            good.add(fixture.newTile(run));
        }
        TileTask html = fixture.newTile(run);
        TileTask serc = fixture.newTile(run);
        TileTask noWcs = fixture.newTile(run);
        dss.misbehaveAt(html.raDeg(), html.decDeg(), Misbehaviour.HTML_200)
                .misbehaveAt(serc.raDeg(), serc.decDeg(), Misbehaviour.NON_POSS_SURVEY)
                .misbehaveAt(noWcs.raDeg(), noWcs.decDeg(), Misbehaviour.NO_ASTROMETRY);
        List<TileTask> all = new ArrayList<>(good);
        all.addAll(List.of(html, serc, noWcs));

        try (WorkerService worker = DownloadWorker.start(environment(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            fixture.queue(run, all, true);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (TileTask t : all) {
                    String state = state(run, t.tileId(), Step.DOWNLOAD)[0];
                    if (!List.of("DONE", "SKIPPED", "FAILED").contains(state)) {
                        return false;
                    }
                }
                return true;
            });
        }

        for (TileTask t : good) {
            String[] row = state(run, t.tileId(), Step.DOWNLOAD);
            assertThat(row[0]).as(t.tileId()).isEqualTo("DONE");
            assertThat(row[3]).contains("\"sha256\"").contains("\"download_ms\"").contains("\"attempts\": 1");
            assertThat(fixture.registryRow(t.tile())).hasValueSatisfying(r -> assertThat(r.region()).isEqualTo("XE309"));
            assertThat(fixture.store.tileArea(t.tile(), TileArea.RAW).resolve(TileArtefacts.rawImageName(t.raDeg(), t.decDeg(), 60)))
                    .exists();
            assertThat(state(run, t.tileId(), Step.EXTRACT)[0]).isEqualTo("QUEUED");
            assertThat(extractTasks(run, t.tileId())).isEqualTo(1);
        }

        String[] failedHtml = state(run, html.tileId(), Step.DOWNLOAD);
        assertThat(failedHtml[0]).isEqualTo("FAILED");
        assertThat(failedHtml[1]).isEqualTo(DownloadStage.REJECT_NON_FITS);
        assertThat(failedHtml[2]).isEqualTo("2");
        assertThat(Files.exists(fixture.store.tileArea(html.tile(), TileArea.RAW).resolve("rejected/1.html"))).isTrue();
        assertThat(Files.exists(fixture.store.tileArea(html.tile(), TileArea.RAW).resolve("rejected/2.html"))).isTrue();

        String[] skipped = state(run, serc.tileId(), Step.DOWNLOAD);
        assertThat(skipped[0]).isEqualTo("SKIPPED");
        assertThat(skipped[1]).isEqualTo(DownloadStage.NOT_POSS1_E);

        String[] failedWcs = state(run, noWcs.tileId(), Step.DOWNLOAD);
        assertThat(failedWcs[0]).isEqualTo("FAILED");
        assertThat(failedWcs[1]).isEqualTo(DownloadStage.REJECT_NON_WCS);
        assertThat(failedWcs[2]).isEqualTo("1");

        for (TileTask t : List.of(html, serc, noWcs)) {
            assertThat(state(run, t.tileId(), Step.EXTRACT)[0]).as(t.tileId()).isNull();
            assertThat(extractTasks(run, t.tileId())).isZero();
            assertThat(fixture.registryRow(t.tile())).isEmpty();
        }
    }

    private org.vasco.common.config.Environment environment() {
        return fixture.workerEnvironment("dl-test", dss.baseUrl(), Map.of(ClusterSettings.RETRY_BACKOFF.name(), "200ms",
                DownloadSettings.DSS.rate().name(), "50", DownloadSettings.DSS.backoff().name(), "20ms"));
    }

    /** {state, reason, attempt, metrics} of a run_tile row; all null when there is none. */
    private String[] state(String run, String tile, Step step) throws SQLException {
        return fixture.database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, reason, attempt, metrics::text FROM run_tile WHERE run_id = ? AND tile_id = ? AND step = ?")) {
                ps.setString(1, run);
                ps.setString(2, tile);
                ps.setString(3, step.label());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}
                            : new String[4];
                }
            }
        });
    }

    private int extractTasks(String run, String tile) throws SQLException {
        return fixture.database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE topic = ? AND msg_key = ? "
                    + "AND position(? in payload) > 0")) {
                ps.setString(1, Step.EXTRACT.topic());
                ps.setString(2, tile);
                ps.setString(3, "\"run_id\":\"" + run + "\"");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}
