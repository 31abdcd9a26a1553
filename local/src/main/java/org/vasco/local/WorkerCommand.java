package org.vasco.local;

import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vasco.common.config.Environment;
import org.vasco.common.service.WorkerService;
import org.vasco.common.task.Step;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.ClusterCommand;
import org.vasco.coordinator.cli.Foreground;
import org.vasco.coordinator.run.InvalidRunRequestException;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.cluster.StageUnavailable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vasco worker download|extract|xmatch|veto}: one long-running worker service for a step, with the
 * stage the {@link StageRegistry} gives it; configured by {@code VASCO_…} variables.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run one worker service (download, extract, xmatch or veto) until stopped;"
                + " Kafka and JDBC settings come from VASCO_... environment variables.")
public final class WorkerCommand extends ClusterCommand {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    @Parameters(paramLabel = "STEP", description = "download, extract, xmatch or veto")
    String stepName;

    private final StageRegistry stages;

    public WorkerCommand(CliContext context, StageRegistry stages) {
        super(context);
        this.stages = stages;
    }

    @Override
    protected int execute() throws Exception {
        Step step = StageRegistry.WORKER_STEPS.stream().filter(s -> s.label().equals(stepName)).findFirst()
                .orElseThrow(() -> new InvalidRunRequestException("Unknown worker '" + stepName + "': expected one of "
                        + StageRegistry.WORKER_STEPS.stream().map(Step::label).collect(Collectors.joining(", "))));
        Environment env = context.cluster().locate();
        if (!stages.hasStage(step)) {
            LOG.error("This build has no {} stage: the worker will fail every {} task with {}", step.label(), step.label(),
                    StageUnavailable.REASON);
        }
        WorkerService worker = stages.launcherFor(step).start(env, null);
        out().printf("%s worker running (metrics and health on port %d); Ctrl-C to stop.%n", step.label(), worker.httpPort());
        out().flush();
        return Foreground.runUntilShutdown(worker, step.label() + "-worker");
    }
}
