package org.vasco.coordinator.cli;

import org.vasco.common.db.Database;
import org.vasco.coordinator.run.FailedTileRetry;
import org.vasco.coordinator.run.RunStatusQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vasco retry --run R [--step S]}: re-queues a run's FAILED tile steps. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Re-queue the FAILED tile steps of a run (attempts reset, errors cleared).")
public final class RetryCommand extends ClusterCommand {

    @Mixin
    RunOption run;

    @Option(names = "--step", paramLabel = "STEP", description = "Only this step's failures (e.g. download).")
    String step;

    public RetryCommand(CliContext context) {
        super(context);
    }

    @Override
    protected int execute() throws Exception {
        try (Database db = openDatabase()) {
            int n = new FailedTileRetry(db, new RunStatusQuery(db, context.clock())).retry(run.runId(), step);
            out().printf("Re-queued %d failed tile step(s) of run %s%s%n", n, run.runId(), step == null ? "" : " at " + step);
        }
        return ExitCodes.OK;
    }
}
