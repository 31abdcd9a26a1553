package org.vasco.common.sky.match;

import java.util.Locale;

/** Which pairs a match keeps, with the meaning of the STILTS {@code tskymatch2 find=} values of the same names. */
public enum MatchMode {
    /** For each row of table 1, its nearest row of table 2 within the radius (rows of 2 may repeat). */
    BEST1,
    /**
     * The best pairs such that no row of either table appears in more than one pair: all pairs within
     * the radius are taken in order of increasing separation and a pair is kept when neither of its
     * rows is already in a kept pair.
     */
    BEST,
    /** Every pair within the radius. */
    ALL;

    /** Parses the STILTS spelling (best1, best, all), case-insensitive. */
    public static MatchMode parse(String text) {
        for (MatchMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown match mode '" + text + "': expected best1, best or all");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
