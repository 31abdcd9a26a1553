package org.vasco.testkit.sky;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent random streams from the sky seed and the coordinates of what is being generated,
 * so every object draws from its own stream and nothing depends on generation order elsewhere.
 */
final class SkySeeds {

    static final long STARS = 0x53544152L;
    static final long GALAXIES = 0x47414C41L;
    static final long EXPOSURE = 0x4558504FL;
    static final long NOISE = 0x4E4F4953L;
    static final long CATALOGUE_ERRORS = 0x43415445L;
    static final long PLATE_ASTROMETRY = 0x504C4153L;
    static final long MODERN_EXPOSURE = 0x4D4F4445L;

    private SkySeeds() {
    }

    /** SplitMix64-style combination of the parts; equal inputs give equal seeds on every JVM. */
    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long part : parts) {
            h = finalise(h ^ finalise(part + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** A stable 64-bit code of a text (String.hashCode is stable too, but only 32 bits wide). */
    static long code(String text) {
        long h = 1125899906842597L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
