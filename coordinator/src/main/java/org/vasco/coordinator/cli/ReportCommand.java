package org.vasco.coordinator.cli;

import org.vasco.common.db.Database;
import org.vasco.coordinator.finalise.FunnelQuery;
import org.vasco.coordinator.finalise.FunnelText;
import org.vasco.coordinator.finalise.ReportBody;
import org.vasco.coordinator.finalise.RunFinaliser;
import org.vasco.coordinator.finalise.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vasco report --run R [--json]}: the run's funnel, for the run and per plate, with failed and skipped tiles
 * named. A complete run not yet finalised by the coordinator is finalised first. A run whose tiles are not all
 * final gets no funnel: the command lists the unfinished tiles and exits 1. Without a cluster it reads the run's
 * bundle ({@link BundleOption}), with the same output.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print a complete run's funnel (detections, vetoes, late filters, spikes, S0, each post stage,"
                + " final) for the run and per plate; an incomplete run lists its unfinished tiles and exits 1.")
public final class ReportCommand extends ClusterCommand {

    @Mixin
    RunOption runOption;

    @Mixin
    BundleOption bundle;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    public ReportCommand(CliContext context) {
        super(context);
    }

    @Override
    protected int execute() throws Exception {
        String run = runOption.validated();
        RunReport report;
        try (RunSource source = openRun(run, bundle)) {
            if (source instanceof RunSource.Bundle b) {
                report = b.bundle().report();
            } else {
                Database db = ((RunSource.Cluster) source).database();
                // A complete run the coordinator has not finalised yet is finalised here (idempotent, locked).
                new RunFinaliser(db).finalise(run);
                report = new FunnelQuery(db).report(run);
            }
        }
        if (json) {
            out().println(FunnelText.json(report));
        } else if (report instanceof RunReport.Complete complete) {
            out().print(FunnelText.table(complete.funnel()));
        } else if (report instanceof RunReport.Incomplete incomplete) {
            out().print(FunnelText.missing(incomplete));
        } else {
            out().println(ReportBody.unfinalised(run));
        }
        out().flush();
        return report instanceof RunReport.Complete ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
