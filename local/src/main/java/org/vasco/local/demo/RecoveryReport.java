package org.vasco.local.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vasco.common.task.ScienceProfile;

/**
 * The injection–recovery figures of one run, for its own science profile and, on the same measured data, for every
 * other.
 *
 * @param runId      the run
 * @param profile    the run's own profile
 * @param tiles      tiles compared
 * @param injected   every injected vanishing source on those tiles
 * @param falses     per profile, its final candidates that are no injected source
 */
public record RecoveryReport(String runId, ScienceProfile profile, int tiles, List<InjectedSource> injected,
                             Map<ScienceProfile, List<FalseCandidate>> falses) {

    public RecoveryReport {
        injected = List.copyOf(injected);
        falses = Map.copyOf(falses);
    }

    public int eligible() {
        return (int) injected.stream().filter(InjectedSource::eligible).count();
    }

    /** Eligible sources recovered as final candidates of the run. */
    public int recovered() {
        return recovered(profile);
    }

    /** Eligible sources recovered as final candidates of {@code p}. */
    public int recovered(ScienceProfile p) {
        return (int) injected.stream().filter(s -> s.eligible() && s.profiles().get(p.label()).recovered()).count();
    }

    /** The run's own false candidates. */
    public List<FalseCandidate> runFalses() {
        return falses.get(profile);
    }

    /** The false candidates of {@code p} counted by what they really are ({@link FalseCandidate#what()}). */
    public Map<String, Integer> falseByKind(ScienceProfile p) {
        Map<String, Integer> kinds = new TreeMap<>();
        falses.get(p).forEach(f -> kinds.merge(f.what(), 1, Integer::sum));
        return kinds;
    }

    /**
     * The document written to recovery.json: the run's own figures under the keys they always had ({@code recovered},
     * {@code false}, …), then {@code profiles}: per profile its recovered, missed and false counts and the false
     * candidates by what they really are.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", runId);
        m.put("profile", profile.label());
        m.put("tiles", tiles);
        m.put("injected", injected.size());
        m.put("eligible", eligible());
        m.put("recovered", recovered());
        m.put("recovered_ineligible", (int) injected.stream().filter(s -> !s.eligible() && s.recovered()).count());
        m.put("missed", eligible() - recovered());
        m.put("false", runFalses().size());
        m.put("false_by_kind", falseByKind(profile));
        Map<String, Object> profiles = new LinkedHashMap<>();
        for (ScienceProfile p : ScienceProfile.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("recovered", recovered(p));
            one.put("missed", eligible() - recovered(p));
            one.put("false", falses.get(p).size());
            one.put("false_per_tile", tiles == 0 ? 0.0 : (double) falses.get(p).size() / tiles);
            one.put("false_by_kind", falseByKind(p));
            profiles.put(p.label(), one);
        }
        m.put("profiles", profiles);
        m.put("match_radius_arcsec", InjectionRecovery.MATCH_ARCSEC);
        m.put("sources", injected);
        m.put("false_candidates", runFalses());
        m.put("false_candidates_by_profile", falses.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> e.getKey().label(), Map.Entry::getValue, (a, b) -> a, TreeMap::new)));
        return m;
    }
}
