package org.vasco.common.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A successful (2xx) reply, body already decompressed when the server sent it gzip-encoded.
 *
 * @param attempts how many attempts it took (1 = first try)
 */
public record ArchiveResponse(URI uri, int status, Map<String, List<String>> headers, byte[] body, int attempts) {

    public String contentType() {
        return header("content-type");
    }

    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
