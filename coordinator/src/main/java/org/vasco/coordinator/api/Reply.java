package org.vasco.coordinator.api;

import org.vasco.coordinator.json.ApiJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a route answers: status, content type, body bytes and any extra response headers.
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    public Reply(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    public static final String JSON = "application/json; charset=utf-8";
    public static final String HTML = "text/html; charset=utf-8";
    public static final String PNG = "image/png";

    /** 200 with {@code value} as JSON (see {@link ApiJson}). */
    public static Reply json(Object value) {
        return json(200, value);
    }

    public static Reply json(int status, Object value) {
        try {
            return new Reply(status, JSON, ApiJson.MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("API values are plain records and maps: " + e.getMessage(), e);
        }
    }

    public static Reply error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    /**
     * 200 with an HTML page, always under a Content-Security-Policy (the page's own script and style only), never
     * framed, sending no referrer.
     */
    public static Reply html(String page, String contentSecurityPolicy) {
        return new Reply(200, HTML, page.getBytes(StandardCharsets.UTF_8), Map.of(
                "Content-Security-Policy", contentSecurityPolicy,
                "X-Frame-Options", "DENY",
                "Referrer-Policy", "no-referrer"));
    }

    public static Reply png(byte[] image) {
        return new Reply(200, PNG, image);
    }
}
