package org.vasco.veto.stages;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A per-tile survivor as the post stages see it (one {@code candidate} row).
 *
 * @param srcId        {@code <tile_id>:<NUMBER>}
 * @param tileId       the tile it was detected on
 * @param plateId      the plan plate
 * @param raDeg        position used for every positional veto (J2000, degrees)
 * @param decDeg       idem
 * @param epochYear    plate epoch, decimal year (NaN when unknown)
 * @param epochJd      plate epoch as a Julian date, UTC (NaN when unknown); SkyBoT needs it
 * @param measurements SExtractor pass-2 columns of the candidate (FWHM_IMAGE, SPREAD_MODEL, …)
 */
public record Candidate(String srcId, String tileId, String plateId, double raDeg, double decDeg,
                        double epochYear, double epochJd, Map<String, Double> measurements) {

    public Candidate {
        Objects.requireNonNull(srcId, "srcId");
        Objects.requireNonNull(tileId, "tileId");
        measurements = Map.copyOf(measurements);
    }

    /** A SExtractor column of this candidate, empty when absent or not finite. */
    public OptionalDouble measurement(String column) {
        Double v = measurements.get(column);
        return v == null || !Double.isFinite(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The SExtractor NUMBER, from the src_id. */
    public int objectNumber() {
        int colon = srcId.lastIndexOf(':');
        try {
            return Integer.parseInt(srcId.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("src_id '" + srcId + "' does not end in :<NUMBER>", e);
        }
    }
}
