package org.vasco.local;

import org.vasco.coordinator.cli.CliContext;
import org.vasco.local.cluster.StageRegistry;

/** Entry point of the {@code vasco} command of the local distribution ({@code ./vasco}). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(VascoCommand.commandLine(CliContext.fromProcess(), StageRegistry.bundled()).execute(args));
    }
}
