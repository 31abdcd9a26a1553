package org.vasco.testkit.framework;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.db.Database;
import org.vasco.common.stage.Outbox;
import org.vasco.common.task.Step;
import org.vasco.common.task.TaskCodec;
import org.vasco.common.task.TileTask;
import org.vasco.common.tile.TileId;
import org.vasco.testkit.services.SharedServices;

/**
 * Seeds runs straight into the shared database (a test plate, its tiles, a run with a step graph, QUEUED rows and
 * their outbox tasks) and reads run_tile back. Every run gets a unique id, so test classes sharing the database and
 * topics only ever assert on their own rows.
 */
final class FrameworkFixture {

    static final String PLATE = "XFW001";
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final SharedServices services = SharedServices.get();

    Database database() {
        return services.database();
    }

    /** A worker environment: these services, a private share group, fast loops; {@code more} overrides. */
    Environment environment(Map<String, String> more) {
        Map<String, String> vars = new HashMap<>();
        vars.put(ClusterSettings.HTTP_PORT.name(), "0");
        vars.put(ClusterSettings.TOPIC_PARTITIONS.name(), "4");
        vars.put(ClusterSettings.JDBC_POOL_SIZE.name(), "4");
        vars.put(ClusterSettings.RETRY_BACKOFF.name(), "200ms");
        vars.put(ClusterSettings.SHUTDOWN_GRACE.name(), "2s");
        vars.put(FrameworkSettings.CONSUMER_GROUP.name(), "fw-test-" + UUID.randomUUID());
        // A fresh share group starts at the end of the shared topics, so earlier test classes' messages stay theirs.
        vars.put(FrameworkSettings.CONSUMER_OFFSET_RESET.name(), "latest");
        vars.put(FrameworkSettings.OUTBOX_POLL.name(), "50ms");
        vars.putAll(more);
        return services.environment(vars);
    }

    /** Sets the acquisition lock of {@code group}'s task records (share.record.lock.duration.ms) before it starts. */
    void lockDuration(String group, Duration lock) throws Exception {
        Map<String, Object> props = new HashMap<>(services.kafka().clientProperties());
        try (Admin admin = Admin.create(props)) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(new AlterConfigOp(
                    new ConfigEntry("share.record.lock.duration.ms", Long.toString(lock.toMillis())), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    static String newRunId(String prefix) {
        return prefix + "-" + RUNS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Creates a run over {@code tiles} tiles with the step graph {@code steps}, the first step QUEUED for each tile,
     * and (when {@code publish}) its task in the outbox. Returns the first step's tasks.
     */
    List<TileTask> seedRun(String runId, List<Step> steps, int tiles, boolean publish) throws SQLException {
        return database().inTransaction(c -> {
            ensurePlateAndTiles(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (run_id, steps) VALUES (?, ?)")) {
                ps.setString(1, runId);
                ps.setArray(2, c.createArrayOf("text", steps.stream().map(Step::label).toArray()));
                ps.executeUpdate();
            }
            List<TileTask> tasks = new ArrayList<>();
            for (int i = 0; i < tiles; i++) {
                TileId tile = tileId(i);
                TileTask task = new TileTask(TileTask.SCHEMA, runId, tile, PLATE, tile.raDeg(), tile.decDeg(),
                        steps.get(0), 1, "trace-" + runId + "-" + i);
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO run_tile (run_id, tile_id, step, state, trace_id) VALUES (?, ?, ?, 'QUEUED', ?)")) {
                    ps.setString(1, runId);
                    ps.setString(2, task.tileId());
                    ps.setString(3, task.step().label());
                    ps.setString(4, task.traceId());
                    ps.executeUpdate();
                }
                if (publish) {
                    Outbox.enqueueTask(c, task, Duration.ZERO);
                }
                tasks.add(task);
            }
            return tasks;
        });
    }

    /** Sends a task straight to its topic, as the outbox publisher would (for a loop running without one). */
    void produce(TileTask task) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(new HashMap<>(services.kafka().clientProperties()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(task.step().topic(), task.tileId(), TaskCodec.encode(task))).get(30, TimeUnit.SECONDS);
        }
    }

    /** Puts a task (again) in the outbox: a second delivery of the same task. */
    void enqueue(TileTask task) throws SQLException {
        database().inTransaction(c -> {
            Outbox.enqueueTask(c, task, Duration.ZERO);
            return null;
        });
    }

    void execute(String sql, Object... args) throws SQLException {
        database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    static TileId tileId(int i) {
        return TileId.fromCentre(201.0 + 0.5 * i, -12.25);
    }

    private static void ensurePlateAndTiles(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO plate (plate_id, ra_deg, dec_deg) VALUES (?, 202.0, -12.0) ON CONFLICT DO NOTHING")) {
            ps.setString(1, PLATE);
            ps.executeUpdate();
        }
        for (int i = 0; i < 8; i++) {
            TileId tile = tileId(i);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tile (tile_id, plate_id, plate_tile_idx, ra_deg, dec_deg, size_arcmin, survey)"
                            + " VALUES (?, ?, ?, ?, ?, 30, 'poss1_red') ON CONFLICT DO NOTHING")) {
                ps.setString(1, tile.toString());
                ps.setString(2, PLATE);
                ps.setInt(3, i);
                ps.setDouble(4, tile.raDeg());
                ps.setDouble(5, tile.decDeg());
                ps.executeUpdate();
            }
        }
    }

    /** The run_tile row of (run, tile, step), or null. */
    StepRow row(String runId, String tileId, Step step) throws SQLException {
        return database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, attempt, lease_owner, outcome, reason, error_class, error_message, metrics::text"
                            + " FROM run_tile WHERE run_id = ? AND tile_id = ? AND step = ?")) {
                ps.setString(1, runId);
                ps.setString(2, tileId);
                ps.setString(3, step.label());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    return new StepRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8));
                }
            }
        });
    }

    String state(String runId, String tileId, Step step) throws SQLException {
        StepRow r = row(runId, tileId, step);
        return r == null ? null : r.state();
    }

    /** Payloads of outbox rows on {@code topic} whose payload mentions {@code marker}, with their published flag. */
    List<OutboxRow> outbox(String topic, String marker) throws SQLException {
        return database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT payload, published_at IS NOT NULL FROM outbox WHERE topic = ? AND position(? in payload) > 0 ORDER BY id")) {
                ps.setString(1, topic);
                ps.setString(2, marker);
                List<OutboxRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new OutboxRow(rs.getString(1), rs.getBoolean(2)));
                    }
                }
                return rows;
            }
        });
    }

    /** How often the test stages' database effect ran for a run (it counts in stage_ledger.input_rows). */
    int effectCount(String runId) throws SQLException {
        return database().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT coalesce(sum(input_rows), 0) FROM stage_ledger WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    record StepRow(String state, int attempt, String leaseOwner, String outcome, String reason, String errorClass,
                   String errorMessage, String metrics) {
    }

    record OutboxRow(String payload, boolean published) {
    }
}
