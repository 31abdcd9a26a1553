package org.vasco.veto.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.vasco.veto.stages.Candidate;
import org.vasco.veto.stages.VetoStage;

/**
 * Fingerprints that decide whether a stored verdict may be re-used (the reference's SkyBoT cache bug, SPEC §12 #5,
 * is the reason to include both the parameters and the inputs): SHA-256 of the stage name, its parameters as
 * canonical JSON, and everything of the candidate a stage can read.
 */
final class Fingerprints {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Fingerprints() {
    }

    /** The stage's parameters, with its data release under {@code data_release} when it has one. */
    static String parametersJson(VetoStage stage, String dataRelease) {
        Map<String, Object> all = new TreeMap<>(stage.parameters());
        if (dataRelease != null) {
            all.put("data_release", dataRelease);
        }
        return json(all);
    }

    static String ofParameters(VetoStage stage, String parametersJson) {
        return sha256(stage.name() + "\n" + parametersJson);
    }

    static String ofVerdictInputs(VetoStage stage, String parametersJson, Candidate c) {
        String input = String.join("\n", stage.name(), parametersJson, c.srcId(), c.tileId(), String.valueOf(c.plateId()),
                Double.toString(c.raDeg()), Double.toString(c.decDeg()), Double.toString(c.epochYear()),
                Double.toString(c.epochJd()), Double.toString(c.exposureMinutes()), json(new TreeMap<>(c.measurements())));
        return sha256(input);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not representable as JSON: " + value, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored jsonb does not parse: " + json, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
