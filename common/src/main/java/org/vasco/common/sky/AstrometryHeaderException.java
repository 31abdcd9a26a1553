package org.vasco.common.sky;

import java.util.List;

/**
 * A FITS header cannot give the astrometric solution that was asked of it: keywords are missing,
 * not numbers, not finite, or contradict each other. The message names the header's source, the
 * solution and the offending keywords; {@link #missingKeys()} lists the keywords that were absent.
 */
public final class AstrometryHeaderException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> missingKeys;

    public AstrometryHeaderException(String message, List<String> missingKeys) {
        super(message);
        this.missingKeys = List.copyOf(missingKeys);
    }

    public AstrometryHeaderException(String message) {
        this(message, List.of());
    }

    /** Keywords whose absence caused this error; empty when the keywords were present but unusable. */
    public List<String> missingKeys() {
        return missingKeys;
    }
}
