package org.vasco.local;

import java.io.PrintWriter;
import org.vasco.coordinator.cli.AstrometryCommand;
import org.vasco.coordinator.cli.CandidatesCommand;
import org.vasco.coordinator.cli.CliContext;
import org.vasco.coordinator.cli.CommandFactory;
import org.vasco.coordinator.cli.CoordinatorCommand;
import org.vasco.coordinator.cli.DbCommand;
import org.vasco.coordinator.cli.ExitCodes;
import org.vasco.coordinator.cli.PlanCommand;
import org.vasco.coordinator.cli.ReportCommand;
import org.vasco.coordinator.cli.RetryCommand;
import org.vasco.coordinator.cli.StatusCommand;
import org.vasco.coordinator.cli.SubmitCommand;
import org.vasco.coordinator.cli.TopicsCommand;
import org.vasco.extract.cli.ExtractCommand;
import org.vasco.local.bench.BenchCommand;
import org.vasco.local.cluster.StageRegistry;
import org.vasco.local.demo.DemoCommand;
import org.vasco.local.demo.RunCommand;
import org.vasco.xmatch.cli.PrefetchCommand;
import org.vasco.xmatch.cli.XmatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code vasco} command. A subcommand is added by naming its class in {@code subcommands}
 * below; its public constructor may ask for a {@link CliContext} and/or the {@link StageRegistry}.
 */
@Command(name = "vasco", mixinStandardHelpOptions = true, versionProvider = VascoCommand.Version.class,
        description = "Search POSS-I red plates for point sources that have vanished: plan, submit and follow runs"
                + " on a VASCO cluster, or run one locally.",
        subcommands = {
                PlanCommand.class,
                SubmitCommand.class,
                StatusCommand.class,
                RetryCommand.class,
                ReportCommand.class,
                CandidatesCommand.class,
                DemoCommand.class,
                RunCommand.class,
                UpCommand.class,
                CoordinatorCommand.class,
                DbCommand.class,
                TopicsCommand.class,
                WorkerCommand.class,
                AstrometryCommand.class,
                XmatchCommand.class,
                ExtractCommand.class,
                PrefetchCommand.class,
                ProcessCommand.class,
                SkyCommand.class,
                CatalogCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class VascoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with every subcommand, their collaborators and the error handling of the CLI. */
    public static CommandLine commandLine(CliContext context, StageRegistry stages) {
        CommandLine cli = new CommandLine(new VascoCommand(), new CommandFactory(context, stages, context.cluster()));
        cli.setExecutionExceptionHandler(VascoCommand::reportFailure);
        return cli;
    }

    /** An unexpected failure (database down, disk full): one readable line per cause, exit code 1. */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("vasco " + commandLine.getCommandName() + ": " + e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            err.println("  caused by " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        if (System.getenv("VASCO_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILED;
    }

    /** The version from the jar manifest (the build), or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = VascoCommand.class.getPackage().getImplementationVersion();
            return new String[] {"vasco " + (v == null ? "development" : v)};
        }
    }
}
