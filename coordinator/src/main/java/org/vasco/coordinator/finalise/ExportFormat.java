package org.vasco.coordinator.finalise;

import java.util.Arrays;
import java.util.Locale;

/** The file formats of {@code vasco candidates}. */
public enum ExportFormat {
    /** RFC 4180 CSV with a header line; measurements and verdicts as flat columns. */
    CSV,
    /** VOTable 1.4, TABLEDATA serialisation (written by STIL). */
    VOTABLE,
    /** A JSON array of objects; measurements and verdicts as nested objects. */
    JSON;

    /** Parses a format name, case-insensitively. @throws IllegalArgumentException naming the choices */
    public static ExportFormat parse(String name) {
        for (ExportFormat f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unknown format '" + name + "': choose one of "
                + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
    }
}
