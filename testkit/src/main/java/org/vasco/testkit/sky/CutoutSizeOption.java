package org.vasco.testkit.sky;

import picocli.CommandLine.Option;

/**
 * {@code --size-arcmin A}, the side of each plate cut-out, for the commands that download or render cut-outs on the
 * synthetic sky ({@code vasco demo}, {@code sky render}, the benches): 60′ is the pipeline's tile; smaller cut-outs
 * hold fewer objects and run faster. A picocli mixin ({@code @Mixin CutoutSizeOption size}).
 */
public final class CutoutSizeOption {

    @Option(names = "--size-arcmin", defaultValue = "60", paramLabel = "ARCMIN",
            description = "Side of each cut-out, arcmin; smaller is faster, 60 is the pipeline's tile (default: ${DEFAULT-VALUE}).")
    double sizeArcmin;

    /** The side given, or 60. */
    public double sizeArcmin() {
        return sizeArcmin;
    }
}
