package org.vasco.testkit.archives;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes the query string of a catalogue request into an ordered map (later duplicates win). */
final class CatalogueQueryString {

    private CatalogueQueryString() {
    }

    static Map<String, String> parse(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    static double number(Map<String, String> params, String name) {
        String text = params.get(name);
        if (text == null) {
            throw new IllegalArgumentException("missing parameter " + name);
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + "='" + text + "' is not a number");
        }
    }
}
