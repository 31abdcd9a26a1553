package org.vasco.download;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.db.Database;
import org.vasco.common.stage.Outbox;
import org.vasco.common.stage.StageContext;
import org.vasco.common.stage.StageResult;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.Step;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.services.SharedServices;

/** Plan rows (plate, tile) for test tiles in the shared database, and helpers to run the stage on them. */
final class DownloadFixture {

    /** A random RA band per JVM so tile ids of different test classes never collide in the shared database. */
    private static final double RA_BASE = ThreadLocalRandom.current().nextInt(0, 300);
    private static final AtomicInteger NEXT = new AtomicInteger();

    final Database database = SharedServices.get().database();
    final ArtefactStore store = new ArtefactStore(SharedServices.get().newDirectory("download"));

    /**
     * The settings of a download worker on the shared broker and database, with a fresh consumer group named
     * {@code group-<uuid>} and the loopback DSS at {@code dss}; {@code overrides} (setting name → value) come last.
     */
    Environment workerEnvironment(String group, URI dss, Map<String, String> overrides) {
        Map<String, String> vars = new HashMap<>();
        vars.put(ClusterSettings.HTTP_PORT.name(), "0");
        vars.put(ClusterSettings.TOPIC_PARTITIONS.name(), "4");
        vars.put(ClusterSettings.JDBC_POOL_SIZE.name(), "4");
        vars.put(ClusterSettings.CONCURRENCY.name(), "4");
        vars.put(ClusterSettings.MAX_ATTEMPTS.name(), "2");
        vars.put(ClusterSettings.SHUTDOWN_GRACE.name(), "2s");
        vars.put(ClusterSettings.DATA.name(), store.root().toString());
        vars.put(FrameworkSettings.CONSUMER_GROUP.name(), group + "-" + UUID.randomUUID());
        // A fresh group starts at the end of the shared topics, so other test classes' messages stay theirs.
        vars.put(FrameworkSettings.CONSUMER_OFFSET_RESET.name(), "latest");
        vars.put(FrameworkSettings.OUTBOX_POLL.name(), "50ms");
        vars.put(DownloadSettings.DSS.url().name(), dss.toString());
        vars.put(DownloadSettings.DSS.timeout().name(), "5s");
        vars.putAll(overrides);
        return SharedServices.get().environment(vars);
    }

    /**
     * Queues {@code tasks} as a worker would find them: a {@code run_tile} row each, QUEUED, and its task in the
     * outbox; {@code newRun} first creates the run (download → extract).
     */
    void queue(String run, List<TileTask> tasks, boolean newRun) throws SQLException {
        database.inTransaction(c -> {
            if (newRun) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (run_id, steps) VALUES (?, ?)")) {
                    ps.setString(1, run);
                    ps.setArray(2, c.createArrayOf("text", new Object[] {"download", "extract"}));
                    ps.executeUpdate();
                }
            }
            for (TileTask task : tasks) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO run_tile (run_id, tile_id, step, state, trace_id) VALUES (?, ?, 'download', 'QUEUED', ?)")) {
                    ps.setString(1, run);
                    ps.setString(2, task.tileId());
                    ps.setString(3, task.traceId());
                    ps.executeUpdate();
                }
                Outbox.enqueueTask(c, task, Duration.ZERO);
            }
            return null;
        });
    }

    DownloadStage stage(DownloadSettings settings) {
        return DownloadStage.create(settings, store, database, new SimpleMeterRegistry());
    }

    /** A new tile of the plan on plate XE309 with its plate and tile rows, as a download task. */
    TileTask newTile(String runId) throws SQLException {
        int n = NEXT.incrementAndGet();
        double ra = RA_BASE + n * 0.011;
        double dec = 33.081;
        TileId tile = TileId.fromCentre(ra, dec);
        database.inTransaction(c -> {
            try (PreparedStatement plate = c.prepareStatement(
                    "INSERT INTO plate (plate_id, ra_deg, dec_deg, survey) VALUES ('XE309', 130.0, 33.0, 'POSSI-E') "
                            + "ON CONFLICT DO NOTHING");
                 PreparedStatement row = c.prepareStatement(
                         "INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, dec_deg, size_arcmin, survey) "
                                 + "VALUES (?, 'XE309', ?, ?, ?, 60, 'dss1-red') ON CONFLICT DO NOTHING")) {
                plate.executeUpdate();
                row.setString(1, tile.value());
                row.setInt(2, 100_000 + (int) (RA_BASE * 1000) + n);
                row.setDouble(3, tile.raDeg());
                row.setDouble(4, tile.decDeg());
                row.executeUpdate();
            }
            return null;
        });
        return new TileTask(TileTask.SCHEMA, runId, tile, "XE309", tile.raDeg(), tile.decDeg(), Step.DOWNLOAD, 1, "trace-" + n);
    }

    static StageContext context(TileTask task, int attempt) {
        return new StageContext(task, attempt, Clock.systemUTC());
    }

    /** Commits the result's database effects the way the stage loop does: in one transaction. */
    void commit(StageResult result) throws SQLException {
        database.inTransaction(c -> {
            for (StageResult.DbEffect effect : result.effects()) {
                effect.apply(c);
            }
            return null;
        });
    }

    Optional<RegistryRow> registryRow(TileId tile) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT fits_path, sha256, bytes, region, survey, plate_code, plate_label, "
                     + "date_obs_raw, date_obs::text, mjd_obs, epoch_year, pixel_scale_arcsec, naxis1, naxis2, astrometry, "
                     + "selected_header->>'SURVEY', selected_header->>'DATE-OBS', coalesce(jsonb_typeof(selected_header->'PLATE-ID') = 'null', false), "
                     + "(wcs_offsets->>'centre_arcsec')::float8, (wcs_offsets->>'max_arcsec')::float8 "
                     + "FROM tile_download WHERE tile_id = ?")) {
            ps.setString(1, tile.value());
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RegistryRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getDouble(10), rs.getDouble(11), rs.getDouble(12), rs.getInt(13), rs.getInt(14), rs.getString(15),
                        rs.getString(16), rs.getString(17), rs.getBoolean(18), rs.getDouble(19), rs.getDouble(20)));
            }
        }
    }

    long registryRows(List<TileId> tiles) throws SQLException {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tile_download WHERE tile_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", tiles.stream().map(TileId::value).toArray()));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    record RegistryRow(String fitsPath, String sha256, long bytes, String region, String survey, String plateCode,
                       String plateLabel, String dateObsRaw, String dateObs, double mjdObs, double epochYear,
                       double pixelScaleArcsec, int naxis1, int naxis2, String astrometry, String selectedSurvey,
                       String selectedDateObs, boolean selectedPlateIdIsJsonNull, double centreOffsetArcsec,
                       double maxOffsetArcsec) {
    }
}
