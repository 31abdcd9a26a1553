package org.vasco.local.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.local.LocalCluster;
import org.vasco.local.StageRegistry;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.sky.SyntheticSky;

/**
 * A local cluster for a benchmark: the loopback archives of the synthetic sky (or the real archives), the
 * {@link LocalCluster} on a fresh state directory and a database handle for submitting runs and reading their
 * timelines. Closing stops all of it.
 */
final class BenchCluster implements AutoCloseable {

    private final SyntheticArchives archives;
    private final LocalCluster cluster;
    private final Database db;

    private BenchCluster(SyntheticArchives archives, LocalCluster cluster, Database db) {
        this.archives = archives;
        this.cluster = cluster;
        this.db = db;
    }

    /**
     * Starts everything.
     *
     * @param sky  {@code synthetic} (loopback archives answering from the synthetic sky of {@code seed}) or {@code real}
     * @param base the settings the services run with
     */
    static BenchCluster start(Path state, StageRegistry stages, Environment base, String sky, long seed, int extractWorkers)
            throws Exception {
        SyntheticArchives archives = null;
        Environment env = base;
        if (sky.equals("synthetic")) {
            archives = SyntheticArchives.start(SyntheticSky.withSeed(seed));
            env = env.withAll(archives.environment());
        } else if (!sky.equals("real")) {
            throw new IllegalArgumentException("--sky must be synthetic or real, not '" + sky + "'");
        }
        LocalCluster cluster = null;
        try {
            cluster = LocalCluster.start(state, stages, env, extractWorkers);
            Database db = Database.open(JdbcConnection.from(cluster.environment()), "vasco-bench");
            return new BenchCluster(archives, cluster, db);
        } catch (Exception | Error e) {
            if (cluster != null) {
                cluster.close();
            }
            if (archives != null) {
                archives.close();
            }
            throw e;
        }
    }

    LocalCluster cluster() {
        return cluster;
    }

    Database db() {
        return db;
    }

    /**
     * Submits {@code tiles} as a new full-mode run and waits until every tile is final.
     *
     * @throws IllegalStateException when the run is not complete within {@code timeout}
     */
    RunTimeline runToCompletion(String runId, List<PlanTile> tiles, Clock clock, Duration timeout) throws Exception {
        new RunSubmission(db).submit(runId, RunMode.FULL, tiles, Map.of("bench", true));
        RunStatus status = RunCompletion.await(db, runId, clock, timeout);
        if (status == null) {
            throw new IllegalStateException("Run " + runId + " did not finish within " + timeout + "; its state stays in "
                    + cluster.stateDirectory());
        }
        RunTimeline timeline = RunTimeline.read(db, runId);
        if (!timeline.allDone()) {
            throw new IllegalStateException("Run " + runId + " finished with steps not DONE (" + status.failedTiles()
                    + "): a benchmark needs every step to succeed; see the log and " + cluster.stateDirectory());
        }
        return timeline;
    }

    @Override
    public void close() {
        db.close();
        cluster.close();
        if (archives != null) {
            archives.close();
        }
    }
}
