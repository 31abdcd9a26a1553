package org.vasco.local.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vasco bench}: the measurements behind docs/performance.md. Each subcommand prints what it measured, with the
 * machine it ran on, and ends with one summary line that can be quoted. Timings live here, never in unit tests.
 * A subcommand is added by naming its class in {@code subcommands}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the cluster: the fast path against the full path, the overhead of the cluster over the raw"
                + " binaries, the cross-match against STILTS, the framework's cost per tile, the backlog query at plan scale,"
                + " catalogue mirrors against VizieR.",
        subcommands = {
                BenchModesCommand.class,
                BenchXmatchCommand.class,
                BenchMemoryCommand.class,
                BenchTileCommand.class,
                BenchFrameworkCommand.class,
                BenchScalingCommand.class,
                BenchBacklogCommand.class,
                BenchCatalogCommand.class,
                BenchNullTestCommand.class,
        })
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
