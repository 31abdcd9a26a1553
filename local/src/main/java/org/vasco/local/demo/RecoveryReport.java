package org.vasco.local.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The injection–recovery figures of one run.
 *
 * @param runId      the run
 * @param tiles      tiles compared
 * @param injected   every injected vanishing source on those tiles
 * @param falses     final candidates that are no injected source
 */
public record RecoveryReport(String runId, int tiles, List<InjectedSource> injected, List<FalseCandidate> falses) {

    public int eligible() {
        return (int) injected.stream().filter(InjectedSource::eligible).count();
    }

    /** Eligible sources recovered as final candidates. */
    public int recovered() {
        return (int) injected.stream().filter(s -> s.eligible() && s.recovered()).count();
    }

    /** The document written to recovery.json. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", runId);
        m.put("tiles", tiles);
        m.put("injected", injected.size());
        m.put("eligible", eligible());
        m.put("recovered", recovered());
        m.put("recovered_ineligible", (int) injected.stream().filter(s -> !s.eligible() && s.recovered()).count());
        m.put("missed", eligible() - recovered());
        m.put("false", falses.size());
        m.put("match_radius_arcsec", InjectionRecovery.MATCH_ARCSEC);
        m.put("sources", injected);
        m.put("false_candidates", falses);
        return m;
    }
}
