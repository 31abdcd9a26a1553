package org.vasco.local.catalog;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vasco catalog mirror build|verify}. */
@Command(name = "mirror", mixinStandardHelpOptions = true,
        description = "Catalogue mirrors (HEALPix-partitioned Parquet) the cross-match reads instead of VizieR.",
        subcommands = {MirrorBuildCommand.class, MirrorVerifyCommand.class})
public final class CatalogMirrorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
