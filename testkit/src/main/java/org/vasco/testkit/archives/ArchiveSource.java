package org.vasco.testkit.archives;

import java.util.Map;
import java.util.Objects;

/**
 * One source held by a stand-in archive.
 *
 * @param id      the archive's identifier
 * @param raDeg   position (J2000) at the epoch asked for
 * @param decDeg  idem
 * @param kind    what it is on the synthetic sky: star, galaxy, vanishing, artefact, asteroid, variable …
 * @param values  extra numeric columns the archive serves (e.g. PTF {@code ngoodobs}, a magnitude)
 */
public record ArchiveSource(String id, double raDeg, double decDeg, String kind, Map<String, Double> values) {

    public ArchiveSource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        values = Map.copyOf(values);
    }

    public static ArchiveSource of(String id, double raDeg, double decDeg, String kind) {
        return new ArchiveSource(id, raDeg, decDeg, kind, Map.of());
    }

    public double value(String column, double fallback) {
        return values.getOrDefault(column, fallback);
    }
}
