package org.vasco.common.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A reply exactly as it came over the wire (or out of a recording): status, headers and the body still encoded as
 * sent (gzip is decoded later, by {@link ArchiveClient}).
 */
record RawReply(int status, Map<String, List<String>> headers, byte[] body) {

    RawReply {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** The first value of a header, whatever the case of its name; null when absent. */
    String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
