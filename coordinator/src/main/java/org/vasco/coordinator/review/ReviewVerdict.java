package org.vasco.coordinator.review;

import java.util.Arrays;
import java.util.Locale;

/** What a reviewer decided about a candidate; stored by its lower-case label. */
public enum ReviewVerdict {
    REAL, ARTEFACT, UNSURE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the input and the accepted labels */
    public static ReviewVerdict parse(String label) {
        for (ReviewVerdict v : values()) {
            if (v.label().equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Unknown verdict '" + label + "': use one of "
                + Arrays.stream(values()).map(ReviewVerdict::label).toList());
    }
}
