package org.vasco.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vasco.common.config.Environment;
import org.vasco.common.config.JdbcConnection;
import org.vasco.common.http.ArchiveRecordingSettings;
import org.vasco.common.task.Step;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.coordinator.cli.Foreground;
import org.vasco.local.cluster.LocalCluster;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.StageUnavailable;
import org.vasco.local.cluster.SyntheticSkyArchives;
import org.vasco.testkit.archives.SyntheticArchives;
import org.vasco.testkit.sky.SkySeedOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vasco up}: a local cluster in the foreground until Ctrl-C. Its state lives in {@code .vasco/} at the
 * repository root ({@code VASCO_HOME}, set by the launcher) or the working directory.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start a local cluster in the foreground (embedded Kafka and PostgreSQL under .vasco/, the coordinator"
                + " and one worker per step); other shells then use ./vasco submit/status/retry. Ctrl-C stops it.")
public final class UpCommand implements Callable<Integer> {

    /** {@code --sky replay:DIR}: the archives' replies come from a recording. */
    static final String REPLAY_PREFIX = "replay:";

    @Spec
    CommandSpec spec;

    /** The directory {@code vasco run} calls {@code --home} ({@link org.vasco.local.options.HomeOption}); both names are users'. */
    @Option(names = "--state-dir", paramLabel = "DIR", description = "The state directory (default: .vasco at the repository root).")
    Path stateDir;

    @Option(names = "--sky", paramLabel = "SOURCE", defaultValue = "real",
            description = "Where the archives are: real (STScI, VizieR, MAST over the internet), synthetic (loopback"
                    + " servers answering from the synthetic sky, for offline runs) or replay:DIR (the replies a run recorded"
                    + " with ./vasco run --record DIR, served offline byte for byte; a request the recording lacks fails"
                    + " its step, naming the request). Default: ${DEFAULT-VALUE}.")
    String sky;

    @Mixin
    SkySeedOption seed;

    private final CliContext context;
    private final StageRegistry stages;

    public UpCommand(CliContext context, StageRegistry stages) {
        this.context = context;
        this.stages = stages;
    }

    @Override
    public Integer call() throws Exception {
        Environment base = context.cluster().environment();
        SyntheticArchives archives = null;
        Path replay = null;
        if (sky.startsWith(REPLAY_PREFIX)) {
            replay = Path.of(sky.substring(REPLAY_PREFIX.length())).toAbsolutePath().normalize();
            if (!Files.isDirectory(replay)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--sky replay:DIR needs the directory of a"
                        + " recording made with ./vasco run --record DIR; " + replay + " is not a directory");
            }
            base = base.with(ArchiveRecordingSettings.REPLAY.name(), replay.toString());
        } else {
            switch (sky) {
                case "real" -> { }
                case "synthetic" -> {
                    archives = SyntheticSkyArchives.start(seed.seed(), base);
                    base = base.withAll(archives.environment());
                }
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--sky must be real, synthetic or replay:DIR, not '" + sky + "'");
            }
        }
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(stateDirectory(), stages, base);
        } catch (Exception e) {
            if (archives != null) {
                archives.close();
            }
            throw e;
        }
        var out = spec.commandLine().getOut();
        out.printf("Local cluster running; state in %s%n", cluster.stateDirectory());
        out.printf("  broker   %s%n  database %s%n  data     %s%n", cluster.environment().asMap().get("VASCO_KAFKA_BOOTSTRAP"),
                JdbcConnection.redact(cluster.environment().asMap().get("VASCO_JDBC_URL")), cluster.environment().asMap().get("VASCO_DATA"));
        cluster.httpPorts().forEach((name, port) -> out.printf("  %-16s http://127.0.0.1:%d/metrics%n", name, port));
        if (replay != null) {
            out.printf("  archives         replayed from %s: no network; submit the plate and tiles of the recorded run%n", replay);
        }
        if (archives != null) {
            out.printf("  archives         synthetic sky (seed %d): %s%n", seed.seed(), archives.environment());
            archives.notes().forEach(note -> out.printf("  note: %s%n", note));
        }
        for (Step step : StageRegistry.WORKER_STEPS) {
            if (!stages.hasStage(step)) {
                out.printf("  note: this build has no %s stage; its worker fails those tasks with %s%n", step.label(), StageUnavailable.REASON);
            }
        }
        out.println("From another shell: ./vasco submit --plate XE309 --limit 3, then ./vasco status --watch. Ctrl-C here stops the cluster.");
        out.flush();
        SyntheticArchives stopLast = archives;
        Foreground.runUntilShutdown(() -> {
            cluster.close();
            if (stopLast != null) {
                stopLast.close();
            }
        }, "local-cluster");
        return ExitCodes.OK;
    }

    private Path stateDirectory() {
        return stateDir != null ? stateDir : context.cluster().stateDirectory();
    }
}
