package org.vasco.coordinator.cli;

import org.vasco.common.task.RunId;
import org.vasco.coordinator.run.InvalidRunRequestException;
import picocli.CommandLine.Option;

/**
 * {@code --run RUN}, required: the existing run a command reads or acts on ({@code vasco report}, {@code candidates},
 * {@code retry}). A picocli mixin ({@code @Mixin RunOption run}). Not {@code vasco status --run}, which is optional
 * and defaults to the latest run, nor {@code vasco submit --run}, which names a new one.
 */
public final class RunOption {

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "The run.")
    String runId;

    /** The run name as given. */
    public String runId() {
        return runId;
    }

    /**
     * The run name, checked before it reaches a query.
     *
     * @throws InvalidRunRequestException naming the name and the rule, for a name no run can have (exit 2)
     */
    public String validated() throws InvalidRunRequestException {
        try {
            return RunId.validate(runId);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunRequestException(e.getMessage());
        }
    }
}
