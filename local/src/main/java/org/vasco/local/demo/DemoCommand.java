package org.vasco.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vasco.common.config.ClusterSettings;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.storage.ArtefactStore;
import org.vasco.common.storage.RunArtefacts;
import org.vasco.common.storage.RunFile;
import org.vasco.common.task.ScienceProfile;
import org.vasco.coordinator.api.RunQueries;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.coordinator.cli.RunModeOption;
import org.vasco.coordinator.cli.ScienceProfileOption;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.coordinator.run.TileSelection;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.SyntheticSkyArchives;
import org.vasco.local.options.HomeOption;
import org.vasco.local.options.PlateOption;
import org.vasco.local.options.RunTimeoutOption;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.sky.CutoutSizeOption;
import org.vasco.testkit.sky.SkySeedOption;
import org.vasco.testkit.sky.SyntheticSky;
import org.vasco.veto.LateCutSettings;
import org.vasco.veto.VetoSettings;
import org.vasco.veto.VetoWorker;
import org.vasco.veto.tile.ProfileReplay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco demo}: the whole pipeline on the synthetic sky, offline, in one command. Starts the loopback archives
 * and a local cluster (two extract workers) in {@code <home>/demo} (fresh each time), submits the plate's first
 * tiles, shows progress until every tile is final, then prints the funnel and the injection–recovery table and
 * writes the run's bundle, with the table as {@code recovery.json}, to {@code <home>/runs/<run>/} ({@link LocalBundle}).
 * Exit code 0 only when every tile reached a final state (none FAILED) in time.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the pipeline end to end on the synthetic sky (no network): a local cluster, one plate's first"
                + " tiles, live progress, then the funnel and how many injected vanishing sources were recovered.")
public final class DemoCommand implements Callable<Integer> {

    /** The cluster's state directory under the home, replaced on every demo. */
    static final String CLUSTER_DIRECTORY = "demo";
    static final int EXTRACT_WORKERS = 2;
    /** How long to wait for the complete run's finalisation (S0 dedup) before writing its bundle. */
    static final Duration BUNDLE_TIMEOUT = Duration.ofMinutes(2);

    @Spec
    CommandSpec spec;

    @Mixin
    PlateOption plate;

    @Option(names = "--tiles", defaultValue = "4", paramLabel = "N",
            description = "How many of the plate's tiles, first by plate_tile_idx (default: ${DEFAULT-VALUE}).")
    int tiles;

    @Mixin
    SkySeedOption seed;

    @Mixin
    CutoutSizeOption size;

    @Mixin
    RunTimeoutOption timeout;

    @Mixin
    RunModeOption mode;

    @Mixin
    ScienceProfileOption profile;

    @Mixin
    HomeOption home;

    private final CliContext context;
    private final StageRegistry stages;
    private DemoObserver observer = new DemoObserver() { };

    public DemoCommand(CliContext context, StageRegistry stages) {
        this.context = context;
        this.stages = stages;
    }

    /** Lets a caller look at the archives and the cluster while the demo runs. */
    public DemoCommand observedBy(DemoObserver observer) {
        this.observer = observer;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (tiles < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tiles must be at least 1, not " + tiles);
        }
        if (!ExternalTools.system().ensureInstalled(out)) {
            return ExitCodes.FAILED;
        }
        PlateCatalogue plates = PlateCatalogue.bundled();
        List<PlanTile> chosen = new TileSelection(plates, TessellationPlan.generate(plates)).ofPlate(plate.plateId(), tiles);
        Path root = home.directory(context);
        Path state = LocalCluster.freshStateDirectory(root.resolve(CLUSTER_DIRECTORY));
        boolean terminal = System.console() != null;
        if (terminal) {
            DemoLog.toFile(state.resolve("demo.log")).ifPresent(log ->
                    out.printf("Log (a line per tile step, each retry and dead-letter): %s%n", log));
        }
        SyntheticSky sky = SyntheticSky.withSeed(seed.seed()).withSizeArcmin(size.sizeArcmin());
        String runId = RunSubmission.defaultName("demo-" + plate.plateId(), context.clock());
        out.printf("VASCO demo: plate %s, %d tile(s) of %s', synthetic sky seed %d, profile %s, %d extract workers; state in %s%n",
                plate.plateId(), chosen.size(), fmt(size.sizeArcmin()), seed.seed(), profile.profile().label(),
                EXTRACT_WORKERS, state);
        out.flush();
        try (SyntheticArchives archives = SyntheticSkyArchives.start(sky)) {
            observer.archivesStarted(archives);
            Environment env = context.cluster().environment().withAll(archives.environment());
            try (LocalCluster cluster = LocalCluster.start(state, stages, env, EXTRACT_WORKERS);
                 StopOnInterrupt stop = new StopOnInterrupt(cluster, archives);
                 Database db = Database.open(JdbcConnection.from(cluster.environment()), "vasco-demo")) {
                archives.notes().forEach(note -> out.printf("  note: %s%n", note));
                new RunSubmission(db).submit(runId, mode.mode(), profile.profile(), chosen, Map.of("plate", plate.plateId(),
                        "limit", tiles, "demo_seed", seed.seed(), "size_arcmin", size.sizeArcmin()));
                out.printf("Submitted run %s%n", runId);
                Instant started = context.clock().instant();
                out.flush();
                RunStatus status = RunConsole.follow(db, runId, context.clock(), timeout.timeout(), out, terminal);
                if (status == null) {
                    out.printf("Run %s did not finish within %s (--timeout); its broker, database and artefacts stay in %s"
                            + " until the next demo%n", runId, timeout.timeout(), state);
                    return ExitCodes.FAILED;
                }
                out.printf("Every tile final after %s%n", minutes(Duration.between(started, context.clock().instant())));
                observer.runFinished(cluster);
                RunConsole.printFunnel(out, new RunQueries(db).funnel(runId));
                List<DemoTile> demoTiles = chosen.stream()
                        .map(t -> new DemoTile(t.tileId().value(), t.raDeg(), t.decDeg(), size.sizeArcmin())).toList();
                ArtefactStore store = new ArtefactStore(cluster.environment().get(ClusterSettings.DATA));
                Map<ScienceProfile, Map<String, ProfileReplay.Fate>> others = otherProfiles(cluster.environment(), db, store,
                        runId, chosen);
                RecoveryReport report = new InjectionRecovery(sky, cluster.environment().get(VetoSettings.DEC_MIN), db,
                        store).compute(runId, profile.profile(), demoTiles, others);
                RecoveryTable.print(out, report);
                RunArtefacts bundle = LocalBundle.write(db, cluster.environment(), runId, root,
                        new ObjectMapper().valueToTree(report.toJson()), context.clock(), BUNDLE_TIMEOUT);
                out.printf("Recovery figures written to %s%n", bundle.file(RunFile.RECOVERY));
                out.printf("Run bundle (%s, candidates, funnel, tile coverage, provenance) in %s;"
                        + " ./vasco report --run %s reads it without a cluster%n", RunFile.REPORT.fileName(), bundle.directory(), runId);
                RunConsole.printFailures(out, status);
                out.flush();
                return status.complete() && status.failedTiles().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
            }
        }
    }

    /**
     * What every profile other than the run's makes of the run's candidate rows, with the veto worker's science and
     * settings, while the run's loopback archives still answer the remote stages.
     */
    private Map<ScienceProfile, Map<String, ProfileReplay.Fate>> otherProfiles(Environment env, Database db, ArtefactStore store,
            String runId, List<PlanTile> chosen) throws Exception {
        ProfileReplay replay = new ProfileReplay(db, store, VetoWorker.sciences(VetoSettings.from(env),
                LateCutSettings.lateCuts(env), store, db.dataSource(), new SimpleMeterRegistry()));
        List<ProfileReplay.ReplayTile> tiles = chosen.stream().map(t -> new ProfileReplay.ReplayTile(t.tileId().value(),
                t.plateId(), t.raDeg(), t.decDeg())).toList();
        Map<ScienceProfile, Map<String, ProfileReplay.Fate>> fates = new EnumMap<>(ScienceProfile.class);
        for (ScienceProfile other : ScienceProfile.values()) {
            if (other != profile.profile()) {
                fates.put(other, replay.replay(runId, other, tiles));
            }
        }
        return fates;
    }

    private static String minutes(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    /**
     * Ctrl-C during a demo: stops the cluster (the embedded PostgreSQL runs as child processes) and the archives
     * before the JVM exits. Closing this removes the hook again.
     */
    private static final class StopOnInterrupt implements AutoCloseable {
        private final Thread hook;

        StopOnInterrupt(LocalCluster cluster, SyntheticArchives archives) {
            hook = new Thread(() -> {
                cluster.close();
                archives.close();
            }, "demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it stops everything itself.
            }
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
