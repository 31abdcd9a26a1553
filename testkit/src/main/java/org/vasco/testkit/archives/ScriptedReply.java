package org.vasco.testkit.archives;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A reply a loopback server sends verbatim instead of computing one: status, Content-Type and body exactly
 * as given. This is how a hostile-input case (an HTML page, a cut FITS file, a garbled table) reaches the
 * real clients through the real HTTP stack. Immutable.
 *
 * @param status      HTTP status
 * @param contentType the Content-Type header
 * @param body        the body bytes (empty for none)
 */
public record ScriptedReply(int status, String contentType, byte[] body) {

    public ScriptedReply {
        Objects.requireNonNull(contentType, "contentType");
        body = Objects.requireNonNull(body, "body").clone();
    }

    /** HTTP 200 with the given bytes. */
    public static ScriptedReply ok(String contentType, byte[] body) {
        return new ScriptedReply(200, contentType, body);
    }

    /** HTTP 200 with the given text, UTF-8. */
    public static ScriptedReply ok(String contentType, String body) {
        return new ScriptedReply(200, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
