package org.vasco.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.db.Database;
import org.vasco.common.service.WorkerService;
import org.vasco.common.stage.Outbox;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.TileArea;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;
import org.vasco.extract.config.ExtractSettings;
import org.vasco.extract.tool.ToolLocator;
import org.vasco.testkit.services.SharedServices;

/**
 * The extract worker on the shared real broker and database: a tile whose first SExtractor run hangs is
 * killed at the timeout, retried, completed with its metrics, and handed on to xmatch.
 */
class ExtractWorkerTest {

    static final String PLATE = "XEXT01";
    static final TileId TILE = TileId.of("tile_RA150.000_DECp30.000");

    private final SharedServices services = SharedServices.get();

    @Test
    void hungSextractorIsKilledAndTheTileRetriedToDoneThenHandedToXmatch() throws Exception {
        Path data = services.newDirectory("extract-worker");
        Path raw = Files.createDirectories(new ArtefactStore(data).tileArea(TILE, TileArea.RAW));
        TestImages.field(raw.resolve("dss1red_" + TILE.value() + ".fits"), 160, 30, 0, 17);
        Path bin = services.newDirectory("extract-bin");
        // Hangs the first time it is asked to measure an image, then behaves as the real SExtractor.
        Path sex = TestTools.standIn(bin, "sex-hangs-once", "Source Extractor version 2.25.0 (stand-in)",
                "if [ ! -e '" + bin.resolve("hung-once") + "' ]; then touch '" + bin.resolve("hung-once") + "'; sleep 600; fi\n"
                        + "exec " + ToolLocator.system().locate("SExtractor", java.util.Optional.empty(),
                        ToolLocator.SEXTRACTOR_NAMES, "VASCO_SEX_BINARY") + " \"$@\"");
        Map<String, String> vars = new HashMap<>();
        vars.put(ClusterSettings.HTTP_PORT.name(), "0");
        vars.put(ClusterSettings.TOPIC_PARTITIONS.name(), "4");
        vars.put(ClusterSettings.JDBC_POOL_SIZE.name(), "4");
        vars.put(ClusterSettings.RETRY_BACKOFF.name(), "200ms");
        vars.put(ClusterSettings.SHUTDOWN_GRACE.name(), "2s");
        vars.put(ClusterSettings.DATA.name(), data.toString());
        vars.put(FrameworkSettings.CONSUMER_GROUP.name(), "extract-test-" + UUID.randomUUID());
        vars.put(FrameworkSettings.CONSUMER_OFFSET_RESET.name(), "latest");
        vars.put(FrameworkSettings.OUTBOX_POLL.name(), "50ms");
        vars.put(ExtractSettings.SEX_BINARY.name(), sex.toString());
        vars.put(ExtractSettings.TIMEOUT_BASE.name(), "3s");
        // 3 s + 150 s × 0.026 MP ≈ 7 s: the hang is cut short, a real run on a busy machine is not.
        vars.put(ExtractSettings.TIMEOUT_PER_MEGAPIXEL.name(), "150s");
        Environment env = services.environment(vars);

        String run = "extract-" + UUID.randomUUID().toString().substring(0, 8);
        try (WorkerService worker = ExtractWorker.start(env, null)) {
            await().atMost(Duration.ofSeconds(60)).until(worker::isConsuming);
            seed(services.database(), run);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "DONE".equals(row(run, Step.EXTRACT).get("state")));
        }
        Map<String, String> extract = row(run, Step.EXTRACT);
        assertThat(extract.get("attempt")).isEqualTo("2");
        assertThat(extract.get("metrics")).contains("\"pass1_detections\"", "\"pass2_detections\"", "\"psf_fwhm_px\"",
                "\"psf_stars_accepted\"", "\"pass2_seconds\"", "\"overhead_seconds\"", "\"sextractor_version\": \"2.25.0\"",
                "\"astrometry\": \"SEXTRACTOR_WCS\"");
        assertThat(row(run, Step.XMATCH).get("state")).isEqualTo("QUEUED");
        Path area = new ArtefactStore(data).tileArea(TILE, TileArea.EXTRACT);
        for (String name : List.of("pass1.ldac", "pass1.psf", "pass2.ldac")) {
            assertThat(area.resolve(name)).isNotEmptyFile();
        }
        assertThat(area.resolve("logs/attempt-1/pass1.err")).exists();
        assertThat(area.resolve("logs/attempt-2/pass2.err")).exists();
    }

    @Test
    void oneTilePerCoreUnlessConfigured() {
        Environment none = Environment.of(Map.of());
        assertThat(ExtractWorker.withDefaultConcurrency(none).get(ClusterSettings.CONCURRENCY))
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        Environment set = Environment.of(Map.of(ClusterSettings.CONCURRENCY.name(), "3"));
        assertThat(ExtractWorker.withDefaultConcurrency(set).get(ClusterSettings.CONCURRENCY)).isEqualTo(3);
    }

    private static void seed(Database db, String run) throws Exception {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO plate (plate_id, ra_deg, dec_deg) VALUES (?, 150.0, 30.0) ON CONFLICT DO NOTHING")) {
                ps.setString(1, PLATE);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, dec_deg, size_arcmin, survey)"
                            + " VALUES (?, ?, 0, 150.0, 30.0, 30, 'poss1_red') ON CONFLICT DO NOTHING")) {
                ps.setString(1, TILE.value());
                ps.setString(2, PLATE);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (run_id, steps) VALUES (?, ?)")) {
                ps.setString(1, run);
                ps.setArray(2, c.createArrayOf("text", new Object[] {"extract", "xmatch"}));
                ps.executeUpdate();
            }
            TileTask task = new TileTask(TileTask.SCHEMA, run, TILE, PLATE, 150.0, 30.0, Step.EXTRACT, 1, "trace-" + run);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO run_tile (run_id, tile_id, step, state, trace_id) VALUES (?, ?, 'extract', 'QUEUED', ?)")) {
                ps.setString(1, run);
                ps.setString(2, TILE.value());
                ps.setString(3, task.traceId());
                ps.executeUpdate();
            }
            Outbox.enqueueTask(c, task, Duration.ZERO);
            return null;
        });
    }

    private Map<String, String> row(String run, Step step) throws Exception {
        return services.database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, attempt, metrics::text, reason, error_message FROM run_tile WHERE run_id = ? AND tile_id = ? AND step = ?")) {
                ps.setString(1, run);
                ps.setString(2, TILE.value());
                ps.setString(3, step.label());
                try (ResultSet rs = ps.executeQuery()) {
                    Map<String, String> row = new HashMap<>();
                    if (rs.next()) {
                        row.put("state", rs.getString(1));
                        row.put("attempt", Integer.toString(rs.getInt(2)));
                        row.put("metrics", rs.getString(3));
                        row.put("reason", rs.getString(4));
                        row.put("error", rs.getString(5));
                    }
                    return row;
                }
            }
        });
    }
}
