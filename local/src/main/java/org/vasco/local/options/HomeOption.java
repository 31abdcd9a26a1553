package org.vasco.local.options;

import java.nio.file.Path;
import org.vasco.coordinator.cli.CliContext;
import picocli.CommandLine.Option;

/**
 * {@code --home DIR}, the VASCO home: the directory under which the local distribution's commands keep their
 * clusters and runs. {@code vasco run} keeps its cluster in the home itself (the one {@code vasco up} uses, so caches
 * carry over), {@code vasco demo} in {@code <home>/demo} with its runs in {@code <home>/runs}, the benches in
 * {@code <home>/bench/<bench>}. A picocli mixin ({@code @Mixin HomeOption home}).
 */
public final class HomeOption {

    @Option(names = "--home", paramLabel = "DIR", description = "The VASCO home: vasco run keeps its cluster in it, vasco"
            + " demo in DIR/demo, the benches in DIR/bench/<bench> (default: .vasco at the repository root).")
    Path home;

    /** The home named, else {@code .vasco} under {@code $VASCO_HOME} or the working directory; absolute. */
    public Path directory(CliContext context) {
        return home != null ? home.toAbsolutePath().normalize() : context.cluster().stateDirectory();
    }
}
