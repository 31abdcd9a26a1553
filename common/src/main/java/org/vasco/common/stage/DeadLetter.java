package org.vasco.common.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vasco.common.task.TileTask;
import org.vasco.common.text.UntrustedText;

/**
 * A message on {@link org.vasco.common.task.Step#DLQ_TOPIC}: the task's own fields plus why it was given up.
 * A malformed message carries its raw body under {@code raw_payload} instead of task fields, as received (JSON escapes
 * its control characters) but cut after {@link #RAW_PAYLOAD_CAP} characters, with its length in
 * {@code raw_payload_chars}; its key is made printable and cut at {@link UntrustedText#VALUE_CAP}. So a dead letter
 * always fits the producer's 1 MiB {@code max.request.size}, whatever arrived: at most 64 Ki characters of at most
 * 6 bytes of JSON each (a control character is escaped as backslash, u and four hex digits), under 400 kB, the error
 * message capped at {@link UntrustedText#MESSAGE_CAP}.
 *
 * @param fields the JSON object, in a stable order
 */
public record DeadLetter(String key, Map<String, Object> fields) {

    /** Schema version of the dead-letter body. */
    public static final int SCHEMA = 1;
    /** Longest raw body kept in a malformed message's dead letter, in characters. */
    public static final int RAW_PAYLOAD_CAP = 65_536;

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    public DeadLetter {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A task that failed permanently or ran out of attempts. */
    public static DeadLetter forTask(TileTask task, String reason, String errorClass, String errorMessage,
                                     Instant failedAt, int attempts, String worker) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("schema", SCHEMA);
        f.put("run_id", task.runId());
        f.put("tile_id", task.tileId());
        f.put("plate_id", task.plateId());
        f.put("ra_deg", task.raDeg());
        f.put("dec_deg", task.decDeg());
        f.put("step", task.step().label());
        f.put("trace_id", task.traceId());
        f.put("reason", reason);
        f.put("error_class", errorClass);
        f.put("error_message", errorMessage);
        f.put("failed_at", failedAt.toString());
        f.put("attempts", attempts);
        f.put("worker", worker);
        return new DeadLetter(task.tileId(), f);
    }

    /** A message that could not be decoded into a task: never retried, kept verbatim for inspection. */
    public static DeadLetter forMalformed(String key, String step, String rawPayload, String errorMessage,
                                          Instant failedAt, String worker) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("schema", SCHEMA);
        f.put("step", step);
        f.put("reason", StepOutcome.MALFORMED.name());
        f.put("error_class", org.vasco.common.task.TaskCodec.MalformedTaskException.class.getName());
        f.put("error_message", errorMessage);
        f.put("raw_payload", rawPayload == null ? null : cut(rawPayload));
        f.put("raw_payload_chars", rawPayload == null ? 0 : rawPayload.length());
        f.put("failed_at", failedAt.toString());
        f.put("attempts", 0);
        f.put("worker", worker);
        return new DeadLetter(key == null ? "" : UntrustedText.printable(key, UntrustedText.VALUE_CAP), f);
    }

    /** The body's first {@link #RAW_PAYLOAD_CAP} characters, never half a surrogate pair. */
    private static String cut(String raw) {
        if (raw.length() <= RAW_PAYLOAD_CAP) {
            return raw;
        }
        int end = Character.isHighSurrogate(raw.charAt(RAW_PAYLOAD_CAP - 1)) ? RAW_PAYLOAD_CAP - 1 : RAW_PAYLOAD_CAP;
        return raw.substring(0, end);
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode dead letter for " + key, e);
        }
    }
}
