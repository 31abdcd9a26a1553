package org.vasco.common.sky;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The 932 real POSS-I E plate headers bundled as test material (see plate_headers/NOTICE.md). */
final class PlateHeaderFixtures {

    static final String ZIP = "/plate_headers/dss1red_plate_headers.zip";
    static final String VECTORS = "/plate_headers/dss_plate_solution_vectors.csv";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Map<String, Map<String, Object>> headers;

    private PlateHeaderFixtures() {
    }

    /** Plate region (e.g. "XE309") → the JSON file's "header" object, in region order. */
    static Map<String, Map<String, Object>> all() {
        Map<String, Map<String, Object>> loaded = headers;
        if (loaded == null) {
            loaded = load();
            headers = loaded;
        }
        return loaded;
    }

    /** One plate's header keywords as a fresh, mutable map. */
    static Map<String, Object> header(String region) {
        Map<String, Object> header = all().get(region);
        if (header == null) {
            throw new IllegalArgumentException("No bundled header for plate " + region);
        }
        return new TreeMap<>(header);
    }

    static HeaderValues values(String region) {
        return HeaderValues.of(all().get(region), region);
    }

    private static Map<String, Map<String, Object>> load() {
        Map<String, Map<String, Object>> byRegion = new TreeMap<>();
        try (InputStream in = PlateHeaderFixtures.class.getResourceAsStream(ZIP)) {
            if (in == null) {
                throw new IllegalStateException(ZIP + " is missing from the test class path");
            }
            ZipInputStream zip = new ZipInputStream(in);
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                JsonNode file = JSON.readTree(zip.readAllBytes());
                Map<String, Object> header = JSON.convertValue(file.get("header"), new TypeReference<>() { });
                String region = (String) header.get("REGION");
                if (!entry.getName().equals("dss1red_" + region + ".fits.header.json")) {
                    throw new IllegalStateException(entry.getName() + " holds the header of " + region);
                }
                byRegion.put(region, header);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byRegion;
    }
}
