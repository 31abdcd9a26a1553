package org.vasco.veto.stages;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A searchable catalogue of known variables and transients (the imported VSX, for S5). Thread-safe. */
public interface VariableStarIndex {

    /** The last completed import, empty when nothing was ever imported. */
    Optional<Import> lastImport() throws IOException;

    /** Entries within {@code radiusArcsec} of a position, nearest first. */
    List<Match> within(double raDeg, double decDeg, double radiusArcsec) throws IOException;

    /**
     * A completed import.
     *
     * @param sha256 of the imported file
     * @param rows   entries imported
     */
    record Import(String sha256, long rows) {
    }

    /**
     * A catalogue entry near a position.
     *
     * @param name              catalogue name
     * @param type              variability type, may be null
     * @param separationArcsec  distance from the queried position
     */
    record Match(String name, String type, double separationArcsec) {
    }
}
