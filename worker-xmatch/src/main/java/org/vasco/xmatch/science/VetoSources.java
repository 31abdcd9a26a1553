package org.vasco.xmatch.science;

import java.util.Objects;
import org.vasco.common.catalog.Catalogue;

/**
 * The positions of one veto catalogue around a tile, already at the plate epoch where the catalogue
 * has proper motions, or an explicit statement that the catalogue does not cover the tile (PS1 south
 * of Dec −30°). There is no third state: a catalogue that could not be fetched is not a
 * {@code VetoSources} at all, and the veto chain refuses to run without it (SPEC §12 #12).
 *
 * @param catalogue         which catalogue
 * @param ra                source RA, degrees (empty when not covered)
 * @param dec               source Dec, degrees
 * @param notCoveredReason  null when covered; why the catalogue legitimately has no sources here otherwise
 */
public record VetoSources(Catalogue catalogue, double[] ra, double[] dec, String notCoveredReason) {

    public VetoSources {
        Objects.requireNonNull(catalogue, "catalogue");
        Objects.requireNonNull(ra, "ra");
        Objects.requireNonNull(dec, "dec");
        if (ra.length != dec.length) {
            throw new IllegalArgumentException(catalogue.label() + " ra and dec differ in length: " + ra.length + " vs " + dec.length);
        }
        if (notCoveredReason != null && (notCoveredReason.isBlank() || ra.length > 0)) {
            throw new IllegalArgumentException(catalogue.label() + ": a catalogue that does not cover the tile has no sources and says why");
        }
    }

    public static VetoSources covered(Catalogue catalogue, double[] ra, double[] dec) {
        return new VetoSources(catalogue, ra, dec, null);
    }

    public static VetoSources notCovered(Catalogue catalogue, String reason) {
        return new VetoSources(catalogue, new double[0], new double[0], Objects.requireNonNull(reason, "reason"));
    }

    public boolean isCovered() {
        return notCoveredReason == null;
    }

    public int size() {
        return ra.length;
    }
}
