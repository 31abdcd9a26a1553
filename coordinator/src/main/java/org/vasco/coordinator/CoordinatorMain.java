package org.vasco.coordinator;

import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.CommandFactory;
import org.vasco.coordinator.cli.CoordinatorCommand;
import org.vasco.coordinator.cli.DbCommand;
import org.vasco.coordinator.cli.PlanCommand;
import org.vasco.coordinator.cli.RetryCommand;
import org.vasco.coordinator.cli.StatusCommand;
import org.vasco.coordinator.cli.SubmitCommand;
import org.vasco.coordinator.cli.TopicsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The slim entry point of the coordinator container image: the coordinator's own {@code vasco} subcommands
 * (the service, the migration and topic Jobs, and submit/status/retry against the cluster), without the
 * embedded broker and database of the local distribution. Settings come from {@code VASCO_…} variables.
 */
@Command(name = "vasco", mixinStandardHelpOptions = true,
        description = "The VASCO coordinator image: run the coordinator, migrate the database, create topics, submit and follow runs.",
        subcommands = {CoordinatorCommand.class, DbCommand.class, TopicsCommand.class, PlanCommand.class, SubmitCommand.class,
                StatusCommand.class, RetryCommand.class, CommandLine.HelpCommand.class})
public final class CoordinatorMain implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CoordinatorMain(), new CommandFactory(CliContext.fromProcess())).execute(args));
    }
}
