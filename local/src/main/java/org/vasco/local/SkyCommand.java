package org.vasco.local;

import org.vasco.testkit.sky.SkyRenderCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vasco sky …}: the synthetic sky that stands in for the archives offline. */
@Command(name = "sky", mixinStandardHelpOptions = true,
        description = "The synthetic sky: render POSS-I-like cut-outs with their catalogue neighbourhoods and truth.",
        subcommands = {SkyRenderCommand.class})
public final class SkyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
