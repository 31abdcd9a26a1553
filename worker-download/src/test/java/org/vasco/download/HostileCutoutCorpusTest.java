package org.vasco.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.service.WorkerService;
import org.vasco.common.storage.TileArea;
import org.vasco.common.storage.TileArtefacts;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.testkit.archives.LoopbackDssServer;
import org.vasco.testkit.hostile.Expected;
import org.vasco.testkit.hostile.HostileCase;
import org.vasco.testkit.hostile.HostileCutouts;

/**
 * The DSS cases of the hostile-input corpus ({@link HostileCutouts}) through the real download worker: each reply
 * is served by the loopback DSS server for its own tile, fetched by the real client, judged by the real FITS
 * checks, and the outcome recorded by the real stage loop in the shared PostgreSQL. One worker serves the whole
 * corpus; good tiles queued after it must still be downloaded.
 */
class HostileCutoutCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
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
    void everyHostileReplyIsRecordedForItsOwnReasonAndTheWorkerKeepsServing() throws Exception {
        String run = "hostile-dss-" + UUID.randomUUID().toString().substring(0, 8);
        Map<HostileCase<HostileCutouts.CutoutReply>, TileTask> tiles = new LinkedHashMap<>();
        for (HostileCase<HostileCutouts.CutoutReply> c : HostileCutouts.all()) {
            TileTask task = fixture.newTile(run);
            dss.replyAt(task.raDeg(), task.decDeg(), c.build().at(task.raDeg(), task.decDeg()));
            tiles.put(c, task);
        }
        List<TileTask> good = List.of(fixture.newTile(run), fixture.newTile(run));

        try (WorkerService worker = DownloadWorker.start(environment(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(worker::isConsuming);
            fixture.queue(run, new ArrayList<>(tiles.values()), true);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> all(run, tiles.values(), List.of("DONE", "SKIPPED", "FAILED")));
            // The corpus is through: tiles queued now must still be served by the same worker.
            fixture.queue(run, good, false);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> all(run, good, List.of("DONE")));
        }

        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<HostileCase<HostileCutouts.CutoutReply>, TileTask> e : tiles.entrySet()) {
            check(soft, run, e.getKey(), e.getValue());
        }
        soft.assertAll();
        for (TileTask t : good) {
            assertThat(fixture.registryRow(t.tile())).as(t.tileId()).isPresent();
        }
    }

    private void check(SoftAssertions soft, String run, HostileCase<HostileCutouts.CutoutReply> c, TileTask task) throws Exception {
        Expected expected = c.expected();
        StepRow row = row(run, task.tileId());
        String name = c.name() + " (" + c.input() + ")";
        soft.assertThat(row.state()).as(name + ": state; " + row).isEqualTo(expected.outcome());
        soft.assertThat(row.reason()).as(name + ": reason; " + row).isEqualTo(expected.reason());
        Path fits = fixture.store.tileArea(task.tile(), TileArea.RAW).resolve(TileArtefacts.rawImageName(task.raDeg(), task.decDeg(), 60));
        Optional<DownloadFixture.RegistryRow> registry = fixture.registryRow(task.tile());
        if ("SKIPPED".equals(expected.outcome())) {
            // A skip is final and no failure: its evidence is in the step's metrics (the survey found), not an error.
            soft.assertThat(row.metrics()).as(name + ": what SKIPPED recorded").contains(expected.phrase());
            soft.assertThat(fits).as(name + ": nothing at the final path").doesNotExist();
            soft.assertThat(extractQueued(run, task.tileId())).as(name + ": extraction not queued").isFalse();
        } else if ("DONE".equals(expected.outcome())) {
            String recorded = row.metrics() + " " + registry.map(r -> r.dateObs() + " " + r.astrometry()).orElse("no registry row");
            soft.assertThat(recorded).as(name + ": what DONE recorded").contains(expected.phrase());
            soft.assertThat(fits).as(name + ": the accepted file").exists();
            soft.assertThat(extractQueued(run, task.tileId())).as(name + ": extraction queued").isTrue();
        } else {
            soft.assertThat(row.errorMessage()).as(name + ": message").contains(expected.phrase()).contains(task.tileId());
            soft.assertThat(fits).as(name + ": nothing at the final path").doesNotExist();
            soft.assertThat(registry).as(name + ": no registry row").isEmpty();
            soft.assertThat(extractQueued(run, task.tileId())).as(name + ": extraction not queued").isFalse();
        }
        List<JsonNode> letters = deadLetters(run, task.tileId());
        if (expected.deadLetter()) {
            soft.assertThat(letters).as(name + ": one dead letter").hasSize(1);
            letters.forEach(l -> {
                soft.assertThat(l.path("reason").asText()).as(name + ": dead letter reason").isEqualTo(expected.reason());
                soft.assertThat(l.path("error_message").asText()).as(name + ": dead letter message").contains(expected.phrase());
            });
        } else {
            soft.assertThat(letters).as(name + ": no dead letter").isEmpty();
        }
    }

    /**
     * Judging a header that declares terabytes, or a gzip body that would inflate to tens of megabytes, allocates
     * about what the body itself holds: measured with the JVM's per-thread allocation counter, not assumed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"absurd-naxis", "huge-naxis", "gzip-bomb-not-fits", "gzip-bomb-after-header"})
    void absurdDeclaredSizesAreNeverAllocated(String name) {
        HostileCase<HostileCutouts.CutoutReply> c = HostileCutouts.named(name);
        byte[] body = c.build().at(130.0, 33.0).body();
        CutoutAcceptance acceptance = new CutoutAcceptance();
        acceptance.judge(HostileCutouts.named("bitpix-16").build().at(130.0, 33.0).body()); // warm up the classes

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        CutoutAcceptance.Verdict verdict = acceptance.judge(body);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(verdict.outcome()).isEqualTo(CutoutAcceptance.Outcome.REJECT_NON_FITS);
        assertThat(verdict.detail()).contains(c.expected().phrase());
        assertThat(allocated).as("bytes allocated judging a %d-byte body", body.length).isLessThan(4L * body.length + (1 << 20));
    }

    private boolean all(String run, java.util.Collection<TileTask> tasks, List<String> states) throws SQLException {
        for (TileTask t : tasks) {
            if (!states.contains(row(run, t.tileId()).state())) {
                return false;
            }
        }
        return true;
    }

    private org.vasco.common.config.Environment environment() {
        return fixture.workerEnvironment("hostile-dss", dss.baseUrl(), Map.of(ClusterSettings.RETRY_BACKOFF.name(), "100ms",
                DownloadSettings.DSS.rate().name(), "200", DownloadSettings.DSS.backoff().name(), "10ms",
                DownloadSettings.DSS.attempts().name(), "1"));
    }

    record StepRow(String state, String reason, String errorMessage, String metrics) {
    }

    private StepRow row(String run, String tile) throws SQLException {
        return fixture.database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, reason, error_message, metrics::text FROM run_tile "
                    + "WHERE run_id = ? AND tile_id = ? AND step = 'download'")) {
                ps.setString(1, run);
                ps.setString(2, tile);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new StepRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))
                            : new StepRow(null, null, null, null);
                }
            }
        });
    }

    private boolean extractQueued(String run, String tile) throws SQLException {
        return fixture.database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM run_tile WHERE run_id = ? AND tile_id = ? AND step = 'extract'")) {
                ps.setString(1, run);
                ps.setString(2, tile);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            }
        });
    }

    private List<JsonNode> deadLetters(String run, String tile) throws Exception {
        List<String> payloads = fixture.database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM outbox WHERE topic = ? AND msg_key = ? "
                    + "AND position(? in payload) > 0")) {
                ps.setString(1, Step.DLQ_TOPIC);
                ps.setString(2, tile);
                ps.setString(3, run);
                List<String> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
                return found;
            }
        });
        List<JsonNode> letters = new ArrayList<>();
        for (String p : payloads) {
            letters.add(JSON.readTree(p));
        }
        return letters;
    }
}
