package org.vasco.coordinator.finalise;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body of a {@link RunReport}, shared by {@code vasco report --json} and {@code GET /api/runs/{run}/report}:
 * {@code run_id}, {@code complete} (every tile final), {@code finalised}, then {@code funnel} when finalised,
 * {@code tiles} and {@code unfinished_tiles} when incomplete, or a {@code message} while finalisation is pending.
 */
public final class ReportBody {

    private ReportBody() {
    }

    /** The body as an ordered map, for a snake-case JSON mapper. */
    public static Map<String, Object> of(RunReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", report.runId());
        body.put("complete", !(report instanceof RunReport.Incomplete));
        body.put("finalised", report instanceof RunReport.Complete);
        if (report instanceof RunReport.Complete complete) {
            body.put("funnel", complete.funnel());
        } else if (report instanceof RunReport.Incomplete incomplete) {
            body.put("tiles", incomplete.tiles());
            body.put("unfinished_tiles", incomplete.unfinished());
        } else {
            body.put("message", unfinalised(report.runId()));
        }
        return body;
    }

    /** What to say about a complete run whose finalisation is not committed yet. */
    public static String unfinalised(String runId) {
        return "run " + runId + " is complete but its finalisation (S0 dedup) is being committed by a coordinator;"
                + " no funnel yet, try again in a moment";
    }
}
