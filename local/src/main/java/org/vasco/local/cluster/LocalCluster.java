package org.vasco.local.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.coordinator.db.PlanCatalogueLoader;
import org.vasco.coordinator.service.CoordinatorService;
import org.vasco.testkit.services.EmbeddedKafkaBroker;
import org.vasco.testkit.services.EmbeddedPostgresServer;

/**
 * A whole cluster in this JVM: the embedded broker and PostgreSQL with their data under the state directory
 * (so a restart resumes where the last one stopped), the coordinator and one worker per step. While it runs,
 * {@code <state>/cluster.properties} tells other {@code vasco} commands where it is; {@link #close()} removes it.
 * A file lock keeps a second cluster off the same state directory. Start and close from one thread.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    /** Ports survive a stop, so a restarted broker and database come back where they were. */
    static final String PORTS_FILE = "ports.properties";
    private static final int POOL_SIZE = 4;
    /** Partitions of each pipeline topic the local distribution creates, unless VASCO_TOPIC_PARTITIONS says otherwise. */
    static final int LOCAL_PARTITIONS = 1;

    private final Path stateDir;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<WorkerService> workers = new ArrayList<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private FileChannel lockChannel;
    private FileLock lock;
    private Environment environment;
    private boolean publishedProperties;

    private LocalCluster(Path stateDir) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
    }

    /**
     * Empties a cluster's state directory so the next cluster on it starts from a clean broker, database and data
     * ({@code vasco demo} and the benches: each run of theirs stands alone). Refuses while a cluster holds it.
     *
     * @return {@code dir}, existing and empty but for the lock file
     * @throws IllegalStateException while another cluster runs on {@code dir}
     */
    public static Path freshStateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (FileChannel ch = FileChannel.open(dir.resolve(ClusterLocator.LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.tryLock()) {
                if (lock == null) {
                    throw new IllegalStateException("Another demo is running on " + dir + ": wait for it or stop it first");
                }
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        if (!p.equals(dir) && !p.getFileName().toString().equals(ClusterLocator.LOCK_FILE)) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /**
     * Starts everything and writes {@code cluster.properties}.
     *
     * @param base settings to pass through to the services (e.g. VASCO_CONCURRENCY); cluster coordinates are overridden
     * @throws IllegalStateException when another local cluster holds the state directory, or a service fails to start
     */
    public static LocalCluster start(Path stateDir, StageRegistry stages, Environment base) throws IOException, SQLException {
        return start(stateDir, stages, base, 1);
    }

    /**
     * As {@link #start(Path, StageRegistry, Environment)}, with {@code extractWorkers} extract workers (one
     * consumer group: the broker shares the extract topic's partitions between them).
     */
    public static LocalCluster start(Path stateDir, StageRegistry stages, Environment base, int extractWorkers)
            throws IOException, SQLException {
        if (extractWorkers < 1) {
            throw new IllegalArgumentException("A local cluster needs at least one extract worker, asked for " + extractWorkers);
        }
        return start(stateDir, stages, base, step -> step == Step.EXTRACT ? extractWorkers : 1);
    }

    /**
     * As {@link #start(Path, StageRegistry, Environment)}, with {@code instances.applyAsInt(step)} workers of each step
     * (at least one), each step's workers in one share group.
     */
    public static LocalCluster start(Path stateDir, StageRegistry stages, Environment base, ToIntFunction<Step> instances)
            throws IOException, SQLException {
        LocalCluster cluster = new LocalCluster(stateDir);
        try {
            cluster.startAll(stages, base, instances);
            return cluster;
        } catch (IOException | SQLException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private StageRegistry stages;

    private void startAll(StageRegistry stages, Environment base, ToIntFunction<Step> instances) throws IOException, SQLException {
        this.stages = stages;
        Files.createDirectories(stateDir);
        lockChannel = FileChannel.open(stateDir.resolve(ClusterLocator.LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another cluster in this same JVM
        }
        if (lock == null) {
            throw new IllegalStateException("Another 'vasco up' is already running on " + stateDir + ": stop it first (Ctrl-C in its shell)");
        }
        Properties ports = readProperties(stateDir.resolve(PORTS_FILE));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onPorts(stateDir.resolve("kafka"),
                port(ports, "kafka.broker"), port(ports, "kafka.controller")).start();
        running.add(broker);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.at(stateDir.resolve("postgres"), port(ports, "postgres")).start();
        running.add(postgres);
        ports.setProperty("kafka.broker", Integer.toString(broker.brokerPort()));
        ports.setProperty("kafka.controller", Integer.toString(broker.controllerPort()));
        ports.setProperty("postgres", Integer.toString(postgres.port()));
        writeProperties(stateDir.resolve(PORTS_FILE), ports, "Ports of the local cluster's broker and database, reused on restart");

        JdbcConnection jdbc = postgres.connection(POOL_SIZE);
        Path data = Files.createDirectories(stateDir.resolve("data"));
        Map<String, String> coordinates = new LinkedHashMap<>();
        coordinates.put(ClusterSettings.KAFKA_BOOTSTRAP.name(), broker.bootstrapServers());
        coordinates.put(ClusterSettings.JDBC_URL.name(), jdbc.url());
        coordinates.put(ClusterSettings.JDBC_USER.name(), jdbc.user());
        coordinates.put(ClusterSettings.JDBC_PASSWORD.name(), jdbc.password());
        coordinates.put(ClusterSettings.DATA.name(), data.toString());
        environment = base.withAll(coordinates).with(ClusterSettings.HTTP_PORT.name(), "0")
                .with(ClusterSettings.JDBC_POOL_SIZE.name(), Integer.toString(POOL_SIZE));
        if (!base.isSet(ClusterSettings.TOPIC_PARTITIONS)) {
            // A few task slots per step: one partition, shared by every slot of the step's share group, so any idle
            // slot takes the next tile (with more partitions than slots a slot owns some alone, and their tiles wait).
            environment = environment.with(ClusterSettings.TOPIC_PARTITIONS.name(), Integer.toString(LOCAL_PARTITIONS));
        }

        try (Database db = Database.open(jdbc, "vasco-up").migrate()) {
            PlanCatalogueLoader.bundled().ensureLoaded(db);
        }
        CoordinatorService coordinator = CoordinatorService.start(environment, null);
        running.add(coordinator);
        httpPorts.put("coordinator", coordinator.httpPort());
        for (Step step : StageRegistry.WORKER_STEPS) {
            int count = Math.max(1, instances.applyAsInt(step));
            for (int i = 1; i <= count; i++) {
                WorkerService worker = startWorker(stages, step);
                workers.add(worker);
                httpPorts.put("worker." + step.label() + (i == 1 ? "" : "." + i), worker.httpPort());
            }
        }

        Properties cluster = new Properties();
        cluster.putAll(coordinates);
        httpPorts.forEach((name, port) -> cluster.setProperty("http." + name, Integer.toString(port)));
        writeProperties(propertiesFile(), cluster, "Written by 'vasco up' while the local cluster runs; removed when it stops");
        publishedProperties = true;
        LOG.info("Local cluster up: broker {}, database {}, data {}", broker.bootstrapServers(), jdbc.redactedUrl(), data);
    }

    /** The environment the cluster's services run with (its coordinates included). */
    private WorkerService startWorker(StageRegistry stages, Step step) throws IOException {
        try {
            return stages.launcherFor(step).start(environment, null);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while starting the " + step.label() + " worker", e);
        } catch (Exception e) {
            throw new IOException("Cannot start the " + step.label() + " worker: " + e.getMessage(), e);
        }
    }

    public Environment environment() {
        return environment;
    }

    /** The running workers, in start order (a crashed one is no longer listed). */
    public synchronized List<WorkerService> workers() {
        return List.copyOf(workers);
    }

    /**
     * Kills {@code worker} as {@code kill -9} would (nothing released, acknowledged or committed: its claims stay
     * RUNNING until their leases expire and its records' locks lapse) and starts a replacement for its step in the same
     * share group, as a Deployment would.
     *
     * @return the replacement
     */
    public synchronized WorkerService crashAndReplace(WorkerService worker) throws IOException {
        if (!workers.remove(worker)) {
            throw new IllegalArgumentException("Not a running worker of this cluster: " + worker.owner());
        }
        worker.crash();
        WorkerService replacement = startWorker(stages, worker.step());
        workers.add(replacement);
        return replacement;
    }

    public Path stateDirectory() {
        return stateDir;
    }

    public Path propertiesFile() {
        return stateDir.resolve(ClusterLocator.PROPERTIES_FILE);
    }

    /** The HTTP port (/metrics, /health) of each service: coordinator, worker.download, … */
    public Map<String, Integer> httpPorts() {
        return Collections.unmodifiableMap(httpPorts);
    }

    /**
     * Removes cluster.properties, stops the workers (together: each finishes or releases its running steps),
     * then the coordinator, the database and the broker.
     */
    @Override
    public void close() {
        if (publishedProperties) {
            try {
                Files.deleteIfExists(propertiesFile());
            } catch (IOException e) {
                LOG.warn("Could not remove {}: {}", propertiesFile(), e.getMessage());
            }
            publishedProperties = false;
        }
        List<Thread> stopping = new ArrayList<>();
        for (WorkerService worker : workers) {
            Thread t = new Thread(() -> closeQuietly(worker), "stop-" + worker.owner());
            t.start();
            stopping.add(t);
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
        for (int i = running.size() - 1; i >= 0; i--) {
            closeQuietly(running.get(i));
        }
        running.clear();
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
            lock = null;
            lockChannel = null;
        } catch (IOException e) {
            LOG.warn("Could not release the lock on {}: {}", stateDir, e.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable service) {
        try {
            service.close();
        } catch (Exception e) {
            LOG.error("Stopping {} failed: {}", service.getClass().getSimpleName(), e.getMessage(), e);
        }
    }

    private static int port(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? 0 : Integer.parseInt(v.trim());
    }

    private static Properties readProperties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    private static void writeProperties(Path file, Properties p, String comment) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // cluster.properties carries the database password: readable by its owner only.
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temp);
        }
        try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            p.store(w, comment);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
