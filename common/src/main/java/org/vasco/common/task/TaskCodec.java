package org.vasco.common.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/** JSON encoding of {@link TileTask}; one shared, thread-safe mapper. */
public final class TaskCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private TaskCodec() {
    }

    public static String encode(TileTask task) {
        try {
            return MAPPER.writeValueAsString(task);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode task " + task, e);
        }
    }

    /**
     * Decodes and validates a message body.
     *
     * @throws MalformedTaskException naming what is wrong, for any body that is not a valid task
     */
    public static TileTask decode(byte[] body) {
        if (body == null) {
            throw new MalformedTaskException("empty message body");
        }
        TileTask task;
        try {
            task = MAPPER.readValue(body, TileTask.class);
        } catch (Exception e) {
            String shown = new String(body, StandardCharsets.UTF_8);
            if (shown.length() > 200) {
                shown = shown.substring(0, 200) + "…";
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new MalformedTaskException(printable("not a valid tile task (" + root.getMessage() + "): " + shown), e);
        }
        if (task == null) {
            // Jackson maps the JSON literal null to a null object without complaint; a null task would reach the
            // stage loop and fail there on every redelivery, blocking its partition.
            throw new MalformedTaskException(printable("not a valid tile task (the JSON literal null): "
                    + new String(body, StandardCharsets.UTF_8).strip()));
        }
        return task;
    }

    /**
     * The message with control characters written as escapes ({@code \n}, {@code \u0007}): it goes to logs and the
     * dead letter, and a payload must not be able to forge log lines with an embedded newline.
     */
    static String printable(String message) {
        StringBuilder out = new StringBuilder(message.length());
        message.codePoints().forEach(cp -> {
            if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** A message that cannot be decoded into a task; it is dead-lettered, never retried. */
    public static final class MalformedTaskException extends RuntimeException {
        public MalformedTaskException(String message) {
            super(message);
        }

        public MalformedTaskException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
