package org.vasco.xmatch.science;

import java.util.List;
import java.util.Map;
import org.vasco.common.detection.Detection;

/**
 * A detection removed in step 4, with why.
 *
 * @param detection the pass-2 measurements
 * @param stage     which stage removed it
 * @param reasons   reference names: {@code outside_circle} (or {@code no_position}); {@code gaia|ps1|usnob}; the late-filter names of
 *                  {@link LateReason}; {@code CONST|LINE}
 * @param raDeg     the position that stage judged
 * @param decDeg    the position that stage judged
 * @param details   stage specifics (matched source row and separation, nearest bright star, …)
 */
public record RejectedDetection(Detection detection, RejectionStage stage, List<String> reasons, double raDeg,
                                double decDeg, Map<String, Object> details) {

    public RejectedDetection {
        reasons = List.copyOf(reasons);
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
