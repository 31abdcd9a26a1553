package org.vasco.testkit.sky;

import java.util.SplittableRandom;

/** Pronounceable made-up names and SkyBoT-style classes for the synthetic minor planets. */
final class AsteroidNames {

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "ten", "vas", "co", "del", "ma", "ri", "sol",
        "an", "bel", "tor", "ze", "phi", "nu", "os", "ly", "gar"};
    private static final String[] CLASSES = {"MB>Inner", "MB>Middle", "MB>Outer", "MB>Hilda", "Mars-Crosser"};

    private AsteroidNames() {
    }

    static String name(SplittableRandom rng) {
        int n = 2 + rng.nextInt(2);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(SYLLABLES[rng.nextInt(SYLLABLES.length)]);
        }
        b.setCharAt(0, Character.toUpperCase(b.charAt(0)));
        return b.toString();
    }

    static String dynamicalClass(SplittableRandom rng) {
        return CLASSES[rng.nextInt(CLASSES.length)];
    }
}
