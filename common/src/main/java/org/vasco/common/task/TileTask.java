package org.vasco.common.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;
import org.vasco.common.text.UntrustedText;
import org.vasco.common.tile.TileId;

/**
 * The message on a tile topic: ids, not data (DESIGN.md "Data flow"). Artefact paths are derived from
 * the tile id, never sent. Validated on construction, so a malformed message cannot reach a stage.
 *
 * @param schema  message schema version; only {@link #SCHEMA} is understood
 * @param attempt the attempt this message announces (informational; the database holds the truth)
 */
public record TileTask(
        @JsonProperty("schema") int schema,
        @JsonProperty("run_id") String runId,
        @JsonProperty("tile_id") String tileId,
        @JsonProperty("plate_id") String plateId,
        @JsonProperty("ra_deg") double raDeg,
        @JsonProperty("dec_deg") double decDeg,
        @JsonProperty("step") String step,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("trace_id") String traceId) {

    public static final int SCHEMA = 1;
    /** Plate ids of the plate catalogue (REGION, e.g. XE309): they reach SQL, logs and dead letters. */
    private static final Pattern PLATE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$");
    /** Trace ids are UUIDs when the coordinator makes them; anything printable is accepted, never a control character. */
    private static final Pattern TRACE_ID = Pattern.compile("^[\\x21-\\x7e]{1,64}$");

    public TileTask {
        if (schema != SCHEMA) {
            throw new IllegalArgumentException("Unsupported task schema " + schema + " (this worker understands " + SCHEMA + ")");
        }
        RunId.validate(runId);
        TileId.of(tileId);
        if (plateId == null || !PLATE_ID.matcher(plateId).matches()) {
            throw new IllegalArgumentException("Invalid plate id " + UntrustedText.quoted(plateId) + " in the task for " + tileId
                    + ": use 1-32 letters, digits, '.', '_' or '-'");
        }
        if (traceId != null && !TRACE_ID.matcher(traceId).matches()) {
            throw new IllegalArgumentException("Invalid trace id " + UntrustedText.quoted(traceId) + " in the task for " + tileId
                    + ": use 1-64 printable ASCII characters without spaces");
        }
        Step.fromLabel(step);
        if (!Double.isFinite(raDeg) || !Double.isFinite(decDeg) || decDeg < -90 || decDeg > 90) {
            throw new IllegalArgumentException("Task for " + tileId + " has an invalid centre (" + raDeg + ", " + decDeg + ")");
        }
    }

    public TileId tile() {
        return TileId.of(tileId);
    }

    public Step stepEnum() {
        return Step.fromLabel(step);
    }

    public TileTask forStep(Step next, int nextAttempt) {
        return new TileTask(SCHEMA, runId, tileId, plateId, raDeg, decDeg, next.label(), nextAttempt, traceId);
    }
}
