package org.vasco.coordinator.cli;

import org.vasco.coordinator.run.RunMode;
import picocli.CommandLine.Option;

/**
 * {@code --mode full|fast}, the step graph of a new run, for every command that creates one ({@code vasco submit},
 * {@code demo}, {@code run}). A picocli mixin ({@code @Mixin RunModeOption mode}); a bad value is a usage error
 * naming the choices ({@link RunModeConverter}).
 */
public final class RunModeOption {

    @Option(names = "--mode", paramLabel = "full|fast", defaultValue = "fast", converter = RunModeConverter.class,
            description = "The run's step graph: full (pass 2 measures every object) or fast (positions, catalogue veto,"
                    + " then only the survivors are measured; same results). Default: ${DEFAULT-VALUE}.")
    RunMode mode;

    /** The mode given, or {@link RunMode#FAST}. */
    public RunMode mode() {
        return mode;
    }
}
