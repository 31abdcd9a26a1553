package org.vasco.local.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.FrameworkSettings;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterLocator;
import org.vasco.download.DownloadSettings;
import org.vasco.local.VascoCommand;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.testkit.services.LeftoverPostmaster;
import picocli.CommandLine;

/**
 * Issue 22: a whole local cluster ({@code vasco up --sky synthetic}: broker, database, coordinator, workers and the
 * loopback archives in one JVM) killed mid-run with SIGKILL of its process group, then started again on the same
 * state, ends the run with the final candidates of an undisturbed run of the same sky: the archives' stand-ins answer
 * from the sky, not from what the killed process had served. The embedded PostgreSQL survives the kill (pg_ctl runs it
 * in a session of its own); the restarted cluster stops it and says so. Stopped with SIGTERM (Ctrl-C), the cluster
 * leaves no process behind.
 *
 * <p>The undisturbed run is the fault suite's baseline ({@link FaultRun#baseline}, once per JVM); this run takes its
 * first {@value #TILES} tiles, whose final candidates are the baseline's on those tiles (post stages judge each
 * candidate alone, and 10′ cut-outs a degree apart share no source).
 */
@Tag("fault")
class ClusterKillTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterKillTest.class);
    private static final FaultSky SKY = FaultSky.SUITE;
    private static final int TILES = 3;
    private static final String RUN = "killed-cluster";
    private static final Duration BOOT = Duration.ofMinutes(3);
    /** Upper bounds only: on two quiet cores the run is final well within a minute. */
    private static final Duration PROGRESS_WITHIN = Duration.ofMinutes(5);

    @TempDir
    Path home;

    @Test
    void aClusterKilledMidRunAndStartedAgainEndsWithTheUndisturbedRunsFinalCandidates() throws Exception {
        RunSnapshot baseline = FaultRun.baseline(SKY);
        long started = System.nanoTime();
        Path postgresData = home.resolve(".vasco").resolve("postgres");
        try {
            try (UpProcess first = UpProcess.start(home, "up-first", SKY.seed(), settings(), BOOT)) {
                CommandLine cli = cli();
                StringWriter err = new StringWriter();
                cli.setErr(new PrintWriter(err, true));
                assertThat(cli.execute("submit", "--plate", SKY.plate(), "--limit", Integer.toString(TILES), "--run", RUN))
                        .as("submit: %s", err).isZero();
                try (Database db = database()) {
                    // Mid-run: a tile extracted, the others still to go, no post stage run yet.
                    await("a tile extracted").atMost(PROGRESS_WITHIN).pollInterval(Duration.ofMillis(100)).until(() ->
                            count(db, "SELECT count(*) FROM run_tile WHERE run_id = ? AND step = 'extract' AND state = 'DONE'") >= 1);
                    assertThat(count(db, "SELECT count(*) FROM run WHERE run_id = ? AND state = 'FINALISED'"))
                            .as("the run is not final when the cluster is killed").isZero();
                }
                first.killProcessGroup();
            }
            LeftoverPostmaster leftover = LeftoverPostmaster.find(postgresData).orElseThrow(() -> new AssertionError(
                    "the killed cluster's PostgreSQL is expected to outlive it (pg_ctl detaches it)"));

            try (UpProcess second = UpProcess.start(home, "up-second", SKY.seed(), settings(), BOOT)) {
                assertThat(second.log()).as("the restarted cluster says it stopped the PostgreSQL left running")
                        .contains("(pid " + leftover.pid() + ") was left running on " + postgresData);
                assertThat(ProcessHandle.of(leftover.pid()).filter(ProcessHandle::isAlive)).isEmpty();
                List<String> finals;
                Set<String> tiles;
                try (Database db = database()) {
                    await("the run final after the restart").atMost(PROGRESS_WITHIN).pollInterval(Duration.ofMillis(200))
                            .until(() -> count(db, "SELECT count(*) FROM run WHERE run_id = ? AND state = 'FINALISED'") == 1);
                    try (Connection c = db.connection()) {
                        finals = RunSnapshot.finalCandidates(c, RUN);
                        tiles = tilesOf(c);
                    }
                }
                assertThat(tiles).hasSize(TILES);
                List<String> undisturbed = baseline.finalCandidates().stream()
                        .filter(row -> tiles.contains(row.split(" \\| ")[1])).toList();
                assertThat(finals).as("final candidates after the kill and restart, against the undisturbed run's")
                        .isNotEmpty().isEqualTo(undisturbed);

                // Ctrl-C (SIGTERM): the cluster stops and leaves no process behind.
                long postmaster = LeftoverPostmaster.find(postgresData).orElseThrow().pid();
                List<ProcessHandle> children = second.descendants();
                assertThat(second.terminate(Duration.ofMinutes(1))).as("exit status after SIGTERM").isEqualTo(143);
                // pg_ctl stop returns once the server has removed postmaster.pid; its processes end a moment later.
                await("the cluster's PostgreSQL gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive).isEmpty());
                assertThat(children).as("processes the cluster started").noneMatch(ProcessHandle::isAlive);
                assertThat(postgresData.resolve("postmaster.pid")).doesNotExist();
                LOG.info("Cluster killed and restarted: {} final candidates, as undisturbed; {} s", finals.size(),
                        (System.nanoTime() - started) / 1_000_000_000L);
            }
        } finally {
            // Whatever failed, no PostgreSQL outlives the test.
            LeftoverPostmaster.find(postgresData).ifPresent(LeftoverPostmaster::stop);
        }
    }

    /** Short leases and a quick reconciler, as in the rest of the fault suite: the killed claims are retaken in seconds. */
    private Map<String, String> settings() {
        return Map.of(DownloadSettings.DSS_SIZE_ARCMIN.name(), Double.toString(SKY.sizeArcmin()),
                ClusterSettings.LEASE.name(), "4s",
                ClusterSettings.RETRY_BACKOFF.name(), "500ms",
                FrameworkSettings.RECONCILE_INTERVAL.name(), "1s",
                FrameworkSettings.RECONCILE_STALE.name(), "10s");
    }

    /** The vasco command of another shell: it finds the cluster through {@code <home>/.vasco/cluster.properties}. */
    private CommandLine cli() {
        CommandLine cli = VascoCommand.commandLine(new CliContext(new ClusterLocator(Environment.of(Map.of()), home),
                Clock.systemUTC()), StageRegistry.bundled());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli;
    }

    private Database database() throws Exception {
        Environment cluster = new ClusterLocator(Environment.of(Map.of()), home).locate();
        return Database.open(JdbcConnection.from(cluster), "cluster-kill-test");
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, RUN);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Set<String> tilesOf(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT tile_id FROM run_tile WHERE run_id = ?")) {
            ps.setString(1, RUN);
            Set<String> tiles = new TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tiles.add(rs.getString(1));
                }
            }
            return tiles;
        }
    }
}
