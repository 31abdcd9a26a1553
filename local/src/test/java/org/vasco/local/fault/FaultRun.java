package org.vasco.local.fault;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.service.WorkerService;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.task.Step;
import org.vasco.coordinator.bundle.RunBundle;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.coordinator.run.TileSelection;
import org.vasco.coordinator.service.CoordinatorService;
import org.vasco.download.DownloadSettings;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.SyntheticSkyArchives;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.services.SharedServices;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.veto.VetoSettings;

/**
 * One run of the whole cluster on the synthetic sky, for a fault scenario to disturb. On the test JVM's shared
 * broker and PostgreSQL server (a database of its own: {@link RunDatabase}), it starts the loopback archives of
 * the sky, the coordinator (reconciler and finaliser included) and the workers of every step (two for extract),
 * each step's workers in a consumer group of this run. The scenario then {@link #submit()}s the run, injects its
 * fault whenever it likes (stop the broker, crash a worker, make an archive refuse…) and calls
 * {@link #awaitFinal}, which waits, without any manual step, until every tile is final, the run is finalised
 * and the outbox drained, and snapshots what the run produced. {@link #baseline} is the same sky run once per
 * JVM without any fault, to compare against ({@link RunInvariants}).
 *
 * <p>Settings are the product's, shortened so that recovery takes seconds instead of minutes: 10 s leases,
 * reconciler every second with 10 s staleness, retries after 0.5 s doubling, five attempts. A scenario may
 * override any setting, and may wire its own stages (e.g. one that dies at a chosen point).
 * Use from one test thread; close in {@code finally} (try-with-resources).
 */
public final class FaultRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultRun.class);
    /** A bound only: an undisturbed run takes well under a minute on two idle cores, but several on a machine loaded ten times over. */
    public static final Duration FINAL_WITHIN = Duration.ofMinutes(10);
    private static final int POOL_SIZE = 3;
    private static final Map<FaultSky, RunSnapshot> BASELINES = new ConcurrentHashMap<>();
    private static PlanCatalogueLoader plan;

    private final String purpose;
    private final FaultSky sky;
    private final StageRegistry stages;
    private final RunDatabase runDatabase;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Map<Step, List<WorkerService>> workers = new EnumMap<>(Step.class);
    private SyntheticArchives archives;
    private Database database;
    private Path data;
    private Environment environment;
    private CoordinatorService coordinator;
    private List<PlanTile> tiles;
    private String runId;

    private FaultRun(String purpose, FaultSky sky, StageRegistry stages, RunDatabase runDatabase) {
        this.purpose = purpose;
        this.sky = sky;
        this.stages = stages;
        this.runDatabase = runDatabase;
    }

    /** Starts the cluster of an undisturbed run of {@code sky} with the bundled stages. */
    public static FaultRun start(String purpose, FaultSky sky) throws Exception {
        return start(purpose, sky, StageRegistry.bundled(), Map.of());
    }

    /**
     * Starts the archives, the coordinator and the workers; nothing is submitted yet.
     *
     * @param purpose  a word naming the scenario (database, run and group names, logs)
     * @param stages   the workers to start (a scenario may wrap a stage)
     * @param settings VASCO_ settings overriding the fault-run defaults
     */
    public static FaultRun start(String purpose, FaultSky sky, StageRegistry stages, Map<String, String> settings)
            throws Exception {
        FaultRun run = new FaultRun(purpose, sky, stages, RunDatabase.create(purpose));
        try {
            run.startAll(settings);
            return run;
        } catch (Exception | Error e) {
            run.close();
            throw e;
        }
    }

    /**
     * The baseline of {@code sky}: an undisturbed run, computed once per test JVM.
     */
    public static synchronized RunSnapshot baseline(FaultSky sky) throws Exception {
        RunSnapshot cached = BASELINES.get(sky);
        if (cached == null) {
            try (FaultRun run = start("baseline", sky)) {
                run.submit();
                cached = run.awaitFinal(FINAL_WITHIN);
            }
            BASELINES.put(sky, cached);
            LOG.info("Baseline of {}: {}", sky, cached.describe());
        }
        return cached;
    }

    private static synchronized PlanCatalogueLoader plan() {
        if (plan == null) {
            plan = PlanCatalogueLoader.bundled();
        }
        return plan;
    }

    private void startAll(Map<String, String> overrides) throws Exception {
        SharedServices shared = SharedServices.get();
        PlanCatalogueLoader plan = plan();
        tiles = new TileSelection(PlateCatalogue.bundled(), plan.plan()).ofPlate(sky.plate(), sky.tiles());
        archives = SyntheticSkyArchives.start(SyntheticSky.withSeed(sky.seed()).withSizeArcmin(sky.sizeArcmin()));
        opened.add(archives);
        JdbcConnection jdbc = runDatabase.connection(POOL_SIZE);
        database = Database.open(jdbc, "fault-" + purpose).migrate();
        opened.add(database);
        RunDatabase.countCompletions(database);
        plan.ensureLoaded(database);
        data = overrides.containsKey(ClusterSettings.DATA.name()) ? Path.of(overrides.get(ClusterSettings.DATA.name()))
                : shared.newDirectory("fault-" + purpose + "-data");

        Map<String, String> vars = new HashMap<>(archives.environment());
        vars.put(ClusterSettings.JDBC_URL.name(), jdbc.url());
        vars.put(ClusterSettings.JDBC_USER.name(), jdbc.user());
        vars.put(ClusterSettings.JDBC_PASSWORD.name(), jdbc.password());
        vars.put(ClusterSettings.JDBC_POOL_SIZE.name(), Integer.toString(POOL_SIZE));
        vars.put(ClusterSettings.DATA.name(), data.toString());
        vars.put(ClusterSettings.HTTP_PORT.name(), "0");
        vars.put(ClusterSettings.LEASE.name(), "10s");
        vars.put(ClusterSettings.RETRY_BACKOFF.name(), "500ms");
        vars.put(ClusterSettings.MAX_ATTEMPTS.name(), "5");
        vars.put(ClusterSettings.SHUTDOWN_GRACE.name(), "2s");
        vars.put(FrameworkSettings.RECONCILE_INTERVAL.name(), "1s");
        vars.put(FrameworkSettings.RECONCILE_STALE.name(), "10s");
        vars.put(FrameworkSettings.OUTBOX_POLL.name(), "50ms");
        // A group of this run's own, reading the topics from the start: tasks of other runs (other databases)
        // find nothing to claim there and are mere duplicates, and nothing published during a rejoin is skipped.
        vars.put(FrameworkSettings.CONSUMER_OFFSET_RESET.name(), "earliest");
        vars.put(DownloadSettings.DSS.rate().name(), "50");
        vars.put(VetoSettings.BATCH_WINDOW.name(), "300ms");
        vars.putAll(overrides);
        environment = shared.environment(vars);

        coordinator = CoordinatorService.start(environment, null);
        for (Step step : StageRegistry.WORKER_STEPS) {
            int count = step == Step.EXTRACT ? 2 : 1;
            for (int i = 0; i < count; i++) {
                startWorker(step);
            }
        }
        await("workers of " + purpose + " consuming").atMost(Duration.ofSeconds(120))
                .until(() -> workers.values().stream().flatMap(List::stream).allMatch(WorkerService::isConsuming));
    }

    /** Starts one more worker for {@code step}, in the step's group of this run (e.g. to replace a crashed one). */
    public WorkerService startWorker(Step step) throws Exception {
        Environment env = environment.with(FrameworkSettings.CONSUMER_GROUP.name(), "fault-" + runDatabase.name() + "-" + step.label());
        if (step == Step.XMATCH && !env.isSet(ClusterSettings.CONCURRENCY)) {
            // Two slots, as extract has: with one, the cross-matches of a run's last tiles queued behind each other
            // (about 2 s each) while a core idled, a quarter of every fault run.
            env = env.with(ClusterSettings.CONCURRENCY.name(), "2");
        }
        WorkerService worker = stages.launcherFor(step).start(env, null);
        workers.computeIfAbsent(step, s -> new CopyOnWriteArrayList<>()).add(worker);
        return worker;
    }

    /** Submits the run (the sky's tiles, every step); returns its id. */
    public String submit() throws Exception {
        if (runId != null) {
            throw new IllegalStateException("Run " + runId + " is already submitted");
        }
        String id = "fault-" + purpose + "-" + runDatabase.name().substring(runDatabase.name().lastIndexOf('_') + 1);
        new RunSubmission(database).submit(id, RunMode.DEFAULT, tiles, Map.of("plate", sky.plate(), "limit", sky.tiles(),
                "seed", sky.seed(), "size_arcmin", sky.sizeArcmin()));
        runId = id;
        LOG.info("Fault run {} submitted: {}", runId, sky);
        return runId;
    }

    /** Waits until at least {@code count} tiles of the run are DONE at {@code step} (to inject a fault mid-run). */
    public void awaitDone(Step step, int count, Duration within) {
        await(count + " tiles done at " + step.label()).atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> done(step) >= count);
    }

    /** Tiles of the run in {@code state} at {@code step}, from the database (which must be up). */
    public int count(Step step, String state) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM run_tile WHERE run_id = ? AND step = ? AND state = ?")) {
            ps.setString(1, requireRun());
            ps.setString(2, step.label());
            ps.setString(3, state);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Outbox rows due and not yet published (tasks waiting for the broker); the database must be up. */
    public int unpublished() throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM outbox WHERE published_at IS NULL AND available_at <= now()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * The failed attempts the run has recorded so far and not yet overcome: "step reason error_class: message"
     * of each step row waiting for its retry (a later success clears them, so poll while the fault lasts).
     */
    public List<String> pendingRetries() throws SQLException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT step, reason, error_class, error_message FROM run_tile WHERE run_id = ? AND state = 'RETRY'"
                        + " AND outcome = 'RETRY' ORDER BY step, tile_id")) {
            ps.setString(1, requireRun());
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + ": " + rs.getString(4));
                }
            }
            return rows;
        }
    }

    private int done(Step step) {
        try {
            return count(step, "DONE");
        } catch (SQLException e) {
            return -1; // the database is down: not there yet
        }
    }

    /**
     * Waits until every tile is final, the run FINALISED, every outbox row due so far published and the run's bundle
     * written (all without any manual step: the reconciler and the retries do what is needed), then snapshots the run.
     */
    public RunSnapshot awaitFinal(Duration within) {
        String id = requireRun();
        long start = System.nanoTime();
        await("run " + id + " final").atMost(within).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> settled(id));
        RunSnapshot snapshot = RunSnapshot.take(database, id, data, Duration.ofNanos(System.nanoTime() - start));
        LOG.info("Fault run {} final: {}", id, snapshot.describe());
        return snapshot;
    }

    private boolean settled(String id) throws SQLException, IOException {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT state FROM run WHERE run_id = ?),"
                        + " (SELECT count(*) FROM run_tile rt WHERE rt.run_id = ? AND rt.state NOT IN ('DONE', 'FAILED', 'SKIPPED')),"
                        + " (SELECT count(*) FROM outbox WHERE published_at IS NULL),"
                        + " (SELECT count(*) FROM outbox WHERE published_at IS NULL AND available_at > now())")) {
            ps.setString(1, id);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                // FINALISED implies every tile is final; a retried tile's late finish re-opens finalisation, and a
                // delayed task (a retry scheduled in the future) still waits to be published.
                return "FINALISED".equals(rs.getString(1)) && rs.getInt(2) == 0 && rs.getInt(3) == 0 && rs.getInt(4) == 0
                        && bundleWritten(id);
            }
        }
    }

    /**
     * True when the coordinator has written the run's bundle and is not writing one now. It writes it on its own
     * round after finalisation, filling a staging directory that it then renames into place; a snapshot taken
     * meanwhile would read that directory's files while they move and report them as unreadable.
     */
    private boolean bundleWritten(String id) throws IOException {
        Path bundle = new ArtefactStore(data).runArtefacts(id).directory();
        if (!RunBundle.exists(bundle)) {
            return false;
        }
        try (Stream<Path> siblings = Files.list(bundle.getParent())) {
            return siblings.map(p -> p.getFileName().toString())
                    .noneMatch(n -> n.startsWith(".staging-") || n.startsWith(".replaced-"));
        }
    }

    private String requireRun() {
        if (runId == null) {
            throw new IllegalStateException("Nothing submitted yet");
        }
        return runId;
    }

    public String runId() {
        return requireRun();
    }

    public FaultSky sky() {
        return sky;
    }

    /** The run's own database (a pool of the harness, not of a service). */
    public Database database() {
        return database;
    }

    /** The shared storage of the run's services ({@code VASCO_DATA}). */
    public Path data() {
        return data;
    }

    /** The settings every service of this run was started with. */
    public Environment environment() {
        return environment;
    }

    public SyntheticArchives archives() {
        return archives;
    }

    public CoordinatorService coordinator() {
        return coordinator;
    }

    /** The running workers of {@code step}, in start order. */
    public List<WorkerService> workers(Step step) {
        return List.copyOf(workers.getOrDefault(step, List.of()));
    }

    /** Kills a worker as {@code kill -9} would (nothing released or committed); it is no longer counted as running. */
    public void crash(WorkerService worker) {
        forget(worker);
        worker.crash();
    }

    /** Stops a worker gracefully (SIGTERM: running steps finish within the grace or release their claims). */
    public void stop(WorkerService worker) {
        forget(worker);
        worker.close();
    }

    private void forget(WorkerService worker) {
        for (List<WorkerService> list : workers.values()) {
            list.remove(worker);
        }
    }

    /** Stops the workers (together), the coordinator and the archives, then drops the run's database. */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (List<WorkerService> list : workers.values()) {
            for (WorkerService w : list) {
                Thread t = new Thread(() -> closeQuietly(w), "stop-" + w.owner());
                t.start();
                stopping.add(t);
            }
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.clear();
        if (coordinator != null) {
            closeQuietly(coordinator);
        }
        for (int i = opened.size() - 1; i >= 0; i--) {
            closeQuietly(opened.get(i));
        }
        opened.clear();
        runDatabase.drop();
    }

    private static void closeQuietly(AutoCloseable service) {
        try {
            service.close();
        } catch (Exception e) {
            LOG.warn("Stopping {} failed: {}", service.getClass().getSimpleName(), e.toString());
        }
    }
}
