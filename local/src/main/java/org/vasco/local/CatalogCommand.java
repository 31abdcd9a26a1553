package org.vasco.local;

import org.vasco.veto.cli.ImportVsxCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vasco catalog …}: local catalogues the post stages read instead of a remote service. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Local catalogues for the post stages (e.g. the AAVSO VSX variable-star catalogue).",
        subcommands = {ImportVsxCommand.class})
public final class CatalogCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
