package org.vasco.common.task;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import java.util.regex.Pattern;
import org.vasco.common.text.UntrustedText;
import org.vasco.common.tile.TileId;

/**
 * The message on a tile topic: ids, not data (DESIGN.md "Data flow"). Artefact paths are derived from
 * the tile id, never sent. Validated on construction, so a malformed message cannot reach a stage; the wire's
 * tile id and step label are parsed once, when the message is decoded, into {@link #tile()} and {@link #step()}.
 *
 * <p>On the wire (schema 1) a task is the JSON object {@code schema, run_id, tile_id, plate_id, ra_deg, dec_deg,
 * step, attempt, trace_id} in that order, the tile id and the step as text ({@link TaskCodec}). Only annotated members
 * are mapped: the tile and the step go out through {@link #tileId()} and {@code stepLabel()} and come in through the
 * creator {@code fromWire} (a {@code @JsonIgnore} on the components would also hide the creator's {@code step}).
 *
 * @param schema  message schema version; only {@link #SCHEMA} is understood
 * @param tile    the tile
 * @param step    the step this message asks for
 * @param attempt the attempt this message announces (informational; the database holds the truth)
 */
@JsonAutoDetect(getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE, fieldVisibility = Visibility.NONE)
@JsonPropertyOrder({"schema", "run_id", "tile_id", "plate_id", "ra_deg", "dec_deg", "step", "attempt", "trace_id"})
public record TileTask(
        @JsonProperty("schema") int schema,
        @JsonProperty("run_id") String runId,
        TileId tile,
        @JsonProperty("plate_id") String plateId,
        @JsonProperty("ra_deg") double raDeg,
        @JsonProperty("dec_deg") double decDeg,
        Step step,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("trace_id") String traceId) {

    public static final int SCHEMA = 1;
    /** Plate ids of the plate catalogue (REGION, e.g. XE309): they reach SQL, logs and dead letters. */
    private static final Pattern PLATE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$");
    /** Trace ids are UUIDs when the coordinator makes them; anything printable is accepted, never a control character. */
    private static final Pattern TRACE_ID = Pattern.compile("^[\\x21-\\x7e]{1,64}$");

    /**
     * @throws IllegalArgumentException naming the field and what is wrong with it, for the first field (in wire
     *                                  order) that is not valid
     */
    public TileTask {
        checkSchema(schema);
        RunId.validate(runId);
        Objects.requireNonNull(tile, "tile");
        checkPlateAndTrace(tile, plateId, traceId);
        Objects.requireNonNull(step, "step");
        checkCentre(tile, raDeg, decDeg);
    }

    /**
     * A task from the wire's fields, the tile id and the step still as text. Each field is checked in wire order,
     * so a message with several faults is refused for the first one, whatever it is.
     *
     * @throws IllegalArgumentException as the constructor, and for a tile id or a step label that is not one
     */
    @JsonCreator
    static TileTask fromWire(@JsonProperty("schema") int schema, @JsonProperty("run_id") String runId,
                                    @JsonProperty("tile_id") String tileId, @JsonProperty("plate_id") String plateId,
                                    @JsonProperty("ra_deg") double raDeg, @JsonProperty("dec_deg") double decDeg,
                                    @JsonProperty("step") String step, @JsonProperty("attempt") int attempt,
                                    @JsonProperty("trace_id") String traceId) {
        checkSchema(schema);
        RunId.validate(runId);
        TileId tile = TileId.of(tileId);
        checkPlateAndTrace(tile, plateId, traceId);
        return new TileTask(schema, runId, tile, plateId, raDeg, decDeg, Step.fromLabel(step), attempt, traceId);
    }

    /** The tile id as it is on the wire. */
    @JsonProperty("tile_id")
    public String tileId() {
        return tile.value();
    }

    /** The step's label as it is on the wire. */
    @JsonProperty("step")
    String stepLabel() {
        return step.label();
    }

    public TileTask forStep(Step next, int nextAttempt) {
        return new TileTask(SCHEMA, runId, tile, plateId, raDeg, decDeg, next, nextAttempt, traceId);
    }

    private static void checkSchema(int schema) {
        if (schema != SCHEMA) {
            throw new IllegalArgumentException("Unsupported task schema " + schema + " (this worker understands " + SCHEMA + ")");
        }
    }

    private static void checkPlateAndTrace(TileId tile, String plateId, String traceId) {
        if (plateId == null || !PLATE_ID.matcher(plateId).matches()) {
            throw new IllegalArgumentException("Invalid plate id " + UntrustedText.quoted(plateId) + " in the task for "
                    + tile + ": use 1-32 letters, digits, '.', '_' or '-'");
        }
        if (traceId != null && !TRACE_ID.matcher(traceId).matches()) {
            throw new IllegalArgumentException("Invalid trace id " + UntrustedText.quoted(traceId) + " in the task for "
                    + tile + ": use 1-64 printable ASCII characters without spaces");
        }
    }

    private static void checkCentre(TileId tile, double raDeg, double decDeg) {
        if (!Double.isFinite(raDeg) || !Double.isFinite(decDeg) || decDeg < -90 || decDeg > 90) {
            throw new IllegalArgumentException("Task for " + tile + " has an invalid centre (" + raDeg + ", " + decDeg + ")");
        }
    }
}
