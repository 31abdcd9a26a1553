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
 * @param epochJd      the exposure's start (the plate's DATE-OBS) as a Julian date, UTC (NaN when unknown); SkyBoT
 *                     needs it
 * @param measurements SExtractor pass-2 columns of the candidate (FWHM_IMAGE, SPREAD_MODEL, …)
 * @param exposureMinutes the plate's exposure time, minutes (NaN when unknown)
 */
public record Candidate(String srcId, String tileId, String plateId, double raDeg, double decDeg,
                        double epochYear, double epochJd, Map<String, Double> measurements, double exposureMinutes) {

    public Candidate {
        Objects.requireNonNull(srcId, "srcId");
        Objects.requireNonNull(tileId, "tileId");
        measurements = Map.copyOf(measurements);
    }

    /** A candidate whose plate's exposure time is unknown. */
    public Candidate(String srcId, String tileId, String plateId, double raDeg, double decDeg, double epochYear,
                     double epochJd, Map<String, Double> measurements) {
        this(srcId, tileId, plateId, raDeg, decDeg, epochYear, epochJd, measurements, Double.NaN);
    }

    /** The same candidate with other measured columns. */
    public Candidate withMeasurements(Map<String, Double> columns) {
        return new Candidate(srcId, tileId, plateId, raDeg, decDeg, epochYear, epochJd, columns, exposureMinutes);
    }

    /** Mid-exposure as a Julian date: DATE-OBS plus half the exposure; DATE-OBS when the exposure is unknown. */
    public double midExposureJd() {
        return Double.isFinite(exposureMinutes) ? epochJd + exposureMinutes / 2.0 / 1440.0 : epochJd;
    }

    /**
     * The finite numeric values of a row of columns (such as {@code MeasuredColumns.asMap}), as a candidate read back
     * from its stored JSON has them: non-finite values are stored as null and so are absent.
     */
    public static Map<String, Double> numericColumns(Map<String, ?> columns) {
        Map<String, Double> out = new java.util.HashMap<>();
        columns.forEach((k, v) -> {
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                out.put(k, n.doubleValue());
            }
        });
        return out;
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
