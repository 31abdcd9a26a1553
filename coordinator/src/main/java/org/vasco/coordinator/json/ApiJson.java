package org.vasco.coordinator.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The API's JSON conventions: snake_case field names (as the database columns), instants as ISO-8601 text.
 * Keys inside jsonb values (measurements, counters) are passed through unchanged.
 */
public final class ApiJson {

    /** Thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ApiJson() {
    }

    /** A jsonb column's text as a tree; SQL NULL becomes an empty object. */
    public static JsonNode tree(String jsonb) {
        if (jsonb == null) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(jsonb);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("PostgreSQL returned invalid jsonb: " + e.getMessage(), e);
        }
    }
}
