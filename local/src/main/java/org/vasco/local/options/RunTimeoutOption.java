package org.vasco.local.options;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --timeout DURATION}: how long a command that starts a local cluster on the synthetic sky waits for its run
 * to finish before it gives up ({@code vasco demo}, {@code bench tile}, {@code bench scaling}, {@code bench
 * framework}). One default for all of them, thirty minutes: long enough for a slow machine, so that it ends only a
 * run that is stuck.
 *
 * <p>{@code vasco run --timeout} is another option with another default (twelve hours): it follows a whole plate on
 * the real archives, and giving up there only stops following; the run resumes with the next {@code vasco up}.
 */
public final class RunTimeoutOption {

    @Option(names = "--timeout", defaultValue = "PT30M", paramLabel = "DURATION",
            description = "Give up when a run is not finished after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The time given, or thirty minutes. */
    public Duration timeout() {
        return timeout;
    }
}
