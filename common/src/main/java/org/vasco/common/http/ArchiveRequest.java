package org.vasco.common.http;

import java.net.URI;
import java.util.Objects;

/**
 * One request to a remote archive as {@link ArchiveClient} sends it.
 *
 * @param method      GET or POST
 * @param uri         the whole URL
 * @param target      what follows the service's base URL (the query string of a GET, empty for a POST): with the
 *                    method and the body it identifies the request wherever the service was
 * @param contentType the body's Content-Type, or null for a GET
 * @param body        the body, empty for a GET
 */
record ArchiveRequest(String method, URI uri, String target, String contentType, byte[] body) {

    ArchiveRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
    }

    /** How a person reads the request: method and target. */
    String describe() {
        return method + " " + (target.isEmpty() ? uri.getPath() : target) + (body.length == 0 ? "" : " with a "
                + body.length + "-byte " + (contentType == null ? "" : contentType.replaceFirst(";.*", "") + " ") + "body");
    }
}
