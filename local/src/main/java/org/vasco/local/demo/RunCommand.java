package org.vasco.local.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.db.Database;
import org.vasco.common.http.ArchiveRecordingSettings;
import org.vasco.common.plate.PlateCatalogue;
import org.vasco.common.storage.RunArtefacts;
import org.vasco.common.storage.RunFile;
import org.vasco.coordinator.api.RunQueries;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.coordinator.cli.RunModeOption;
import org.vasco.coordinator.cli.ScienceProfileOption;
import org.vasco.coordinator.cli.TileLimitOption;
import org.vasco.coordinator.plan.PlanTile;
import org.vasco.coordinator.plan.TessellationPlan;
import org.vasco.coordinator.run.InvalidRunRequestException;
import org.vasco.coordinator.run.RunStatus;
import org.vasco.coordinator.run.RunSubmission;
import org.vasco.coordinator.run.TileSelection;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.options.HomeOption;
import org.vasco.local.options.PlateOption;
import org.vasco.veto.VetoSettings;
import org.vasco.veto.vsx.VsxCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco run}: one plate on the real archives (STScI DSS, VizieR, MAST and the post stages' services) with a
 * local cluster in {@code <home>} — the state directory {@code vasco up} uses, so cut-outs and cached catalogues are
 * kept between runs and {@code vasco catalog import-vsx} reaches the same database. First probes every archive once:
 * offline it stops at once with one line on stderr naming the unreachable service (exit code 1), instead of letting
 * the workers exhaust their retries tile after tile. The VSX stage runs only when a VSX catalogue has been imported.
 * Exit code 0 only when every tile reached a final state (none FAILED) in time. With {@code --record DIR} every
 * exchange with the archives is also kept in DIR ({@link ArchiveRecordingSettings#RECORD}), for an offline replay.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline on one plate against the real archives (needs internet access): a local cluster,"
                + " live progress, then the funnel. Offline, use ./vasco demo.")
public final class RunCommand implements Callable<Integer> {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Mixin
    PlateOption plate;

    @Mixin
    TileLimitOption limit;

    /**
     * Not {@link org.vasco.local.options.RunTimeoutOption}: a whole plate on the real archives takes hours, and giving
     * up here only stops following the run, which resumes with the next {@code vasco up} or {@code vasco run}.
     */
    @Option(names = "--timeout", defaultValue = "PT12H", paramLabel = "DURATION",
            description = "Give up following when the run is not finished after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--skip-probe", description = "Start without first checking that every archive answers.")
    boolean skipProbe;

    @Mixin
    RunModeOption mode;

    @Mixin
    ScienceProfileOption profile;

    @Mixin
    HomeOption home;

    @Option(names = "--record", paramLabel = "DIR", description = "Keep every archive exchange of this run (request, status,"
            + " headers, body as received) in DIR, so that ./vasco up --sky replay:DIR can replay the run offline.")
    Path record;

    private final CliContext context;
    private final StageRegistry stages;

    public RunCommand(CliContext context, StageRegistry stages) {
        this.context = context;
        this.stages = stages;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<PlanTile> chosen;
        try {
            PlateCatalogue plates = PlateCatalogue.bundled();
            chosen = new TileSelection(plates, TessellationPlan.generate(plates)).ofPlate(plate.plateId(), limit.limit());
        } catch (InvalidRunRequestException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Environment base = context.cluster().environment();
        if (!skipProbe) {
            Optional<ArchiveProbe.Unreachable> unreachable = new ArchiveProbe(PROBE_TIMEOUT).firstUnreachable(base);
            if (unreachable.isPresent()) {
                err.println("vasco run: " + unreachable.get().message());
                err.flush();
                return ExitCodes.FAILED;
            }
        }
        if (!ExternalTools.system().ensureInstalled(out)) {
            return ExitCodes.FAILED;
        }
        Path state = Files.createDirectories(home.directory(context));
        String runId = RunSubmission.defaultName(plate.plateId(), context.clock());
        out.printf("VASCO run: plate %s, %d tile(s), real archives; state in %s%n", plate.plateId(), chosen.size(), state);
        if (record != null) {
            Path recording = Files.createDirectories(record).toAbsolutePath().normalize();
            base = base.with(ArchiveRecordingSettings.RECORD.name(), recording.toString());
            out.printf("  recording every archive exchange in %s (replay: ./vasco up --sky replay:%s)%n", recording, recording);
        }
        out.flush();
        LocalCluster cluster = LocalCluster.start(state, stages, base);
        try {
            if (base.get(VetoSettings.VSX_ENABLED) && !vsxImported(cluster)) {
                out.printf("  note: the VSX stage (S5) is off for this run: no VSX catalogue has been imported. To use it,"
                        + " start ./vasco up, run 'vasco catalog import-vsx FILE' (CDS B/vsx vsx.dat), stop the cluster"
                        + " and run again%n");
                out.flush();
                // The workers read their stages at start: restart them without S5 rather than fail every tile at S5.
                cluster.close();
                cluster = LocalCluster.start(state, stages, base.with(VetoSettings.VSX_ENABLED.name(), "false"));
            }
            return submitAndFollow(cluster, runId, chosen, out);
        } finally {
            cluster.close();
        }
    }

    private int submitAndFollow(LocalCluster cluster, String runId, List<PlanTile> chosen, PrintWriter out) throws Exception {
        try (Database db = Database.open(JdbcConnection.from(cluster.environment()), "vasco-run")) {
            new RunSubmission(db).submit(runId, mode.mode(), profile.profile(), chosen, limit.limit() == null ? Map.of("plate", plate.plateId())
                    : Map.of("plate", plate.plateId(), "limit", limit.limit()));
            out.printf("Submitted run %s%n", runId);
            out.flush();
            Instant started = context.clock().instant();
            RunStatus status = RunConsole.follow(db, runId, context.clock(), timeout, out, System.console() != null);
            if (status == null) {
                out.printf("Run %s did not finish within %s (--timeout); it resumes with the next ./vasco up or ./vasco run"
                        + " (state in %s)%n", runId, timeout, cluster.stateDirectory());
                return ExitCodes.FAILED;
            }
            Duration took = Duration.between(started, context.clock().instant());
            out.printf("Every tile final after %d:%02d%n", took.toMinutes(), took.toSecondsPart());
            RunConsole.printFunnel(out, new RunQueries(db).funnel(runId));
            RunArtefacts bundle = LocalBundle.write(db, cluster.environment(), runId, cluster.stateDirectory(), null,
                    context.clock(), DemoCommand.BUNDLE_TIMEOUT);
            out.printf("Run bundle (%s, candidates, funnel, tile coverage, provenance) in %s%n", RunFile.REPORT.fileName(),
                    bundle.directory());
            RunConsole.printFailures(out, status);
            out.flush();
            return status.complete() && status.failedTiles().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private static boolean vsxImported(LocalCluster cluster) throws Exception {
        try (Database db = Database.open(JdbcConnection.from(cluster.environment()), "vasco-run-vsx")) {
            return new VsxCatalogue(db.dataSource()).lastImport().isPresent();
        }
    }
}
