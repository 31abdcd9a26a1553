package org.vasco.local.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.service.WorkerLauncher;
import org.vasco.common.task.Step;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.run.RunMode;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.SyntheticSkyArchives;
import org.vasco.testkit.archives.SyntheticArchives;

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
     * Starts the cluster, and the loopback archives of the synthetic sky of {@code seed} when {@code sky} is
     * {@code synthetic} (closed with the cluster); {@code real} uses the archives the settings name.
     */
    static BenchCluster start(Path state, StageRegistry stages, Environment base, String sky, long seed, int extractWorkers)
            throws Exception {
        SyntheticArchives archives = switch (sky) {
            case "synthetic" -> SyntheticSkyArchives.start(seed, base);
            case "real" -> null;
            default -> throw new IllegalArgumentException("--sky must be synthetic or real, not '" + sky + "'");
        };
        try {
            return on(state, stages, archives == null ? base : base.withAll(archives.environment()), extractWorkers, archives);
        } catch (Exception | Error e) {
            if (archives != null) {
                archives.close();
            }
            throw e;
        }
    }

    /**
     * Starts the cluster on {@code state} (kept as it is: a restart finds the earlier runs' cut-outs and
     * neighbourhoods) with the archives {@code env} names; {@code ownedArchives}, when not null, is closed with it.
     */
    static BenchCluster on(Path state, StageRegistry stages, Environment env, int extractWorkers, SyntheticArchives ownedArchives)
            throws Exception {
        LocalCluster cluster = LocalCluster.start(state, stages, env, extractWorkers);
        try {
            return new BenchCluster(ownedArchives, cluster, Database.open(JdbcConnection.from(cluster.environment()), "vasco-bench"));
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** A bench on a cluster already started; closing the bench closes it. */
    static BenchCluster of(LocalCluster cluster) {
        try {
            return new BenchCluster(null, cluster, Database.open(JdbcConnection.from(cluster.environment()), "vasco-bench"));
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * {@code stages} with {@code slots} tiles extracted at once: each extract worker runs one tile at a time
     * (VASCO_CONCURRENCY=1 for it; by default it runs one per core), so K extract workers mean K extractions at once,
     * and the single measure worker of the fast path runs {@code slots} tiles at once, so that its measurement pass
     * keeps up with them. The other workers keep their concurrency.
     */
    static StageRegistry extractionSlots(StageRegistry stages, int slots) {
        WorkerLauncher extract = stages.launcherFor(Step.EXTRACT);
        WorkerLauncher measure = stages.launcherFor(Step.MEASURE);
        return stages.with(Step.EXTRACT, (env, metrics) -> extract.start(env.with(ClusterSettings.CONCURRENCY.name(), "1"), metrics))
                .with(Step.MEASURE, (env, metrics) -> measure.start(
                        env.with(ClusterSettings.CONCURRENCY.name(), Integer.toString(slots)), metrics));
    }

    LocalCluster cluster() {
        return cluster;
    }

    Database db() {
        return db;
    }

    /**
     * Submits {@code tiles} as a new run of {@code mode} and waits until every tile is final.
     *
     * @throws IllegalStateException when the run is not complete within {@code timeout}
     */
    RunTimeline runToCompletion(String runId, RunMode mode, List<PlanTile> tiles, Clock clock, Duration timeout) throws Exception {
        new RunSubmission(db).submit(runId, mode, tiles, Map.of("bench", true));
        return completed(runId, clock, timeout);
    }

    private RunTimeline completed(String runId, Clock clock, Duration timeout) throws Exception {
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

    /**
     * Submits {@code tiles} as a new run through {@code graph} (a graph of no run mode, e.g. one step) and waits until
     * every tile is final.
     *
     * @throws IllegalStateException when the run is not complete within {@code timeout} or a step is not DONE
     */
    RunTimeline runGraphToCompletion(String runId, List<Step> graph, List<PlanTile> tiles, Clock clock, Duration timeout)
            throws Exception {
        new RunSubmission(db).submitGraph(runId, graph, tiles, Map.of("bench", true));
        return completed(runId, clock, timeout);
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
