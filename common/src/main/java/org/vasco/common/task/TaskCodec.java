package org.vasco.common.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import org.vasco.common.text.UntrustedText;

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
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new MalformedTaskException(shown("not a valid tile task (" + root.getMessage() + ")", body), e);
        }
        if (task == null) {
            // Jackson maps the JSON literal null to a null object without complaint; a null task would reach the
            // stage loop and fail there on every redelivery, blocking its partition.
            throw new MalformedTaskException(shown("not a valid tile task (the JSON literal null)", body));
        }
        return task;
    }

    /**
     * What is wrong and the start of the body, as one printable, bounded line: it goes to the logs and the dead
     * letter, and neither the payload nor the parser's message quoting it may forge a log line.
     */
    private static String shown(String problem, byte[] body) {
        return UntrustedText.printable(problem + ": " + UntrustedText.excerpt(new String(body, StandardCharsets.UTF_8)),
                UntrustedText.MESSAGE_CAP);
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
