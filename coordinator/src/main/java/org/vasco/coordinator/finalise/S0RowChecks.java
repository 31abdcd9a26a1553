package org.vasco.coordinator.finalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-run checks of the S0 rows ({@link Funnel.S0Checks}) from the columns the veto step stored with each candidate
 * ({@code nearest_gaia_arcsec}, {@code in_earth_shadow}). The reference's successor found two silent failures of its
 * Gaia veto this way: a survivor that has a Gaia DR3 source within the veto radius should not exist.
 */
final class S0RowChecks {

    static final String NEAREST_GAIA = "nearest_gaia_arcsec";
    static final String IN_EARTH_SHADOW = "in_earth_shadow";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LISTED = 20;

    private S0RowChecks() {
    }

    static Funnel.S0Checks of(List<RunCandidate> candidates, List<String> stages) {
        long rows = 0;
        long nearGaia = 0;
        long unchecked = 0;
        long shadow = 0;
        long finalShadow = 0;
        List<String> ids = new ArrayList<>();
        for (RunCandidate c : candidates) {
            if (!c.inS0()) {
                continue;
            }
            rows++;
            JsonNode m = measurements(c);
            JsonNode gaia = m.get(NEAREST_GAIA);
            if (!m.has(IN_EARTH_SHADOW) && gaia == null) {
                unchecked++;
            }
            if (gaia != null && gaia.isNumber() && gaia.asDouble() <= Funnel.S0Checks.GAIA_RADIUS_ARCSEC) {
                nearGaia++;
                if (ids.size() < LISTED) {
                    ids.add(c.srcId());
                }
            }
            if (m.path(IN_EARTH_SHADOW).asInt(0) == 1) {
                shadow++;
                if (c.survives(stages, null)) {
                    finalShadow++;
                }
            }
        }
        return new Funnel.S0Checks(rows, nearGaia, ids, unchecked, shadow, finalShadow);
    }

    private static JsonNode measurements(RunCandidate c) {
        try {
            return c.measurements() == null ? JSON.createObjectNode() : JSON.readTree(c.measurements());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("candidate " + c.srcId() + " has measurements that do not parse: " + e.getMessage(), e);
        }
    }
}
