package org.vasco.testkit.sky;

import picocli.CommandLine.Option;

/**
 * {@code --seed N}, the synthetic sky's seed, for every command that renders or serves the synthetic sky
 * ({@code vasco demo}, {@code up --sky synthetic}, {@code sky render} and the benches): the same seed gives the same
 * sky, so a run can be repeated object for object. A picocli mixin ({@code @Mixin SkySeedOption seed}).
 *
 * <p>Not {@code vasco bench xmatch --seed}, which seeds random catalogue tables, not the sky, and keeps its own default.
 */
public final class SkySeedOption {

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic sky (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The seed given, or 1. */
    public long seed() {
        return seed;
    }
}
