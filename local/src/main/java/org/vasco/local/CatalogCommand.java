package org.vasco.local;

import org.vasco.local.catalog.CatalogConeCommand;
import org.vasco.local.catalog.CatalogMirrorCommand;
import org.vasco.veto.cli.ImportVsxCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code vasco catalog …}: local catalogues read instead of a remote service: the AAVSO VSX catalogue of the post
 * stages, the catalogue mirrors of the cross-match, and one cone from whichever source is configured.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Local catalogues: catalogue mirrors for the cross-match, one cone from the configured source, the AAVSO VSX"
                + " catalogue for the post stages.",
        subcommands = {ImportVsxCommand.class, CatalogMirrorCommand.class, CatalogConeCommand.class})
public final class CatalogCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
