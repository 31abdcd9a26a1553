package org.vasco.coordinator.api;

import com.sun.net.httpserver.Headers;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a route sees it.
 *
 * @param method     the HTTP method, upper case
 * @param pathValues the values of the route template's {@code {name}} segments, URL-decoded, not yet validated
 * @param query      query parameters (first value of each), URL-decoded
 * @param headers    the request headers
 * @param body       the request body (empty for GET), at most {@link ApiRouter#MAX_BODY_BYTES}
 */
public record ApiRequest(String method, Map<String, String> pathValues, Map<String, String> query, Headers headers,
                         byte[] body) {

    /** A template value; the route's template guarantees it is present. */
    public String path(String name) {
        String value = pathValues.get(name);
        if (value == null) {
            throw new IllegalStateException("route template has no {" + name + "}");
        }
        return value;
    }

    public Optional<String> queryValue(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** An integer query parameter within [min, max], or the default when absent. */
    public int queryInt(String name, int defaultValue, int min, int max) throws ApiException {
        String text = query.get(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw ApiException.badRequest("Query parameter " + name + "='" + text + "' must be an integer within " + min + ".." + max);
    }
}
