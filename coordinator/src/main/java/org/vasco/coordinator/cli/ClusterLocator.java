package org.vasco.coordinator.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.vasco.common.config.ClusterEnvironment;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;

/**
 * Finds the cluster a command talks to. In order: the environment, when {@code VASCO_KAFKA_BOOTSTRAP} or
 * {@code VASCO_JDBC_URL} is set; else the {@code .vasco/cluster.properties} written by {@code vasco up}, looked
 * for in the working directory, its parents, and {@code VASCO_HOME} (the repository root, set by the
 * {@code ./vasco} launcher). Its keys are the {@code VASCO_…} names and override the environment's.
 * Immutable and thread-safe.
 */
public final class ClusterLocator implements ClusterEnvironment {

    /** The local state directory of a cluster started by {@code vasco up}. */
    public static final String STATE_DIRECTORY = ".vasco";
    public static final String PROPERTIES_FILE = "cluster.properties";
    /** Held by a running local cluster, beside its properties file. */
    public static final String LOCK_FILE = "lock";
    /** Set by the launcher script to the repository root. */
    public static final String HOME_VARIABLE = "VASCO_HOME";

    private final Environment environment;
    private final Path workingDirectory;

    public ClusterLocator(Environment environment, Path workingDirectory) {
        this.environment = environment;
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** The process environment and working directory. */
    public static ClusterLocator fromProcess() {
        return new ClusterLocator(Environment.system(), Path.of(""));
    }

    /** The environment as given, without any cluster discovery (for commands that start services themselves). */
    public Environment environment() {
        return environment;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    /**
     * The environment of the cluster to talk to.
     *
     * @throws NoClusterException when neither the environment nor a local state directory names one
     */
    @Override
    public Environment locate() throws NoClusterException {
        if (environment.isSet(ClusterSettings.KAFKA_BOOTSTRAP) || environment.isSet(ClusterSettings.JDBC_URL)) {
            return environment;
        }
        Optional<Path> file = propertiesFile();
        if (file.isPresent()) {
            if (isStale(file.get())) {
                throw new NoClusterException("no cluster: the local cluster of " + file.get().getParent()
                        + " is not running (its cluster.properties is left over from a cluster that was killed);"
                        + " start it again with ./vasco up");
            }
            return environment.withAll(read(file.get()));
        }
        throw new NoClusterException("no cluster: start one with ./vasco up (in another shell), or set "
                + ClusterSettings.JDBC_URL.name() + " and " + ClusterSettings.KAFKA_BOOTSTRAP.name()
                + " (and " + ClusterSettings.JDBC_USER.name() + "/" + ClusterSettings.JDBC_PASSWORD.name()
                + ") to the cluster's database and broker");
    }

    /**
     * Where a local cluster started from here keeps its state when no directory is named: {@value #STATE_DIRECTORY}
     * under {@code $VASCO_HOME} when that is set, else under the working directory (the repository root when the
     * {@code ./vasco} launcher starts the command).
     */
    public Path stateDirectory() {
        String home = environment.asMap().get(HOME_VARIABLE);
        Path base = home == null || home.isBlank() ? workingDirectory : Path.of(home);
        return base.resolve(STATE_DIRECTORY).toAbsolutePath().normalize();
    }

    /** The local cluster's properties file, when one exists where this locator looks. */
    public Optional<Path> propertiesFile() {
        for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(STATE_DIRECTORY).resolve(PROPERTIES_FILE);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        String home = environment.asMap().get(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            Path candidate = Path.of(home).resolve(STATE_DIRECTORY).resolve(PROPERTIES_FILE);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * True when the properties were left behind by a killed {@code vasco up}: the cluster holds a lock on
     * {@value #LOCK_FILE} beside them while it runs, so a lock that can be taken means nobody is there.
     */
    static boolean isStale(Path propertiesFile) {
        Path lockFile = propertiesFile.resolveSibling(LOCK_FILE);
        if (!Files.isRegularFile(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // the cluster runs in this very JVM
        } catch (IOException e) {
            return false; // cannot tell; let the connection attempt report what is wrong
        }
    }

    static Map<String, String> read(Path file) throws NoClusterException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new NoClusterException("cannot read the local cluster's " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        if (!values.containsKey(ClusterSettings.JDBC_URL.name())) {
            throw new NoClusterException(file + " has no " + ClusterSettings.JDBC_URL.name()
                    + ": it was not written by vasco up; delete it and start the cluster again");
        }
        return values;
    }
}
